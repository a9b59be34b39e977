package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class ConsoleCredentialsTest {

    private final SecureRandom random = new SecureRandom();

    private ConsoleCredentials account(String user, String password) {
        return new ConsoleCredentials(user, PasswordHash.of(password, random, PasswordHash.MIN_ITERATIONS),
                ConsoleCredentials.Source.CONFIGURATION, random);
    }

    @Test
    void acceptsOnlyTheAccountsUsernameWithItsPassword() {
        ConsoleCredentials c = account("shift-lead", "tank-farm-2026");

        assertThat(c.accepts("shift-lead", "tank-farm-2026")).isTrue();
        assertThat(c.accepts("shift-lead", "tank-farm-2027")).isFalse();
        assertThat(c.accepts("Shift-lead", "tank-farm-2026")).isFalse();
        assertThat(c.accepts("shift-lead", "")).isFalse();
        assertThat(c.accepts(null, "tank-farm-2026")).isFalse();
        assertThat(c.accepts("shift-lead", null)).isFalse();
    }

    @Test
    void rememberedSuccessDoesNotOpenTheDoorForOtherPasswordsOrUsers() {
        ConsoleCredentials c = account("shift-lead", "tank-farm-2026");
        assertThat(c.accepts("shift-lead", "tank-farm-2026")).isTrue();

        assertThat(c.accepts("shift-lead", "tank-farm-2026")).isTrue();
        assertThat(c.accepts("shift-lead", "tank-farm-2025")).isFalse();
        assertThat(c.accepts("intruder", "tank-farm-2026")).isFalse();
    }

    @Test
    void theFastCheckKnowsOnlyAPasswordTheSlowCheckAccepted() {
        ConsoleCredentials c = account("shift-lead", "tank-farm-2026");
        assertThat(c.acceptsRemembered("shift-lead", "tank-farm-2026")).as("not verified yet").isFalse();
        assertThat(c.accepts("shift-lead", "tank-farm-2025")).isFalse();
        assertThat(c.acceptsRemembered("shift-lead", "tank-farm-2025")).as("a refused one is not remembered")
                .isFalse();

        assertThat(c.accepts("shift-lead", "tank-farm-2026")).isTrue();
        assertThat(c.acceptsRemembered("shift-lead", "tank-farm-2026")).isTrue();
        assertThat(c.acceptsRemembered("intruder", "tank-farm-2026")).isFalse();
        assertThat(c.acceptsRemembered("shift-lead", "tank-farm-2027")).isFalse();
        assertThat(c.acceptsRemembered(null, null)).isFalse();
    }

    @Test
    void adminAdminIsRefusedEvenIfItWereTheAccount() {
        // Policy keeps such an account from being configured; this guards the last line anyway.
        ConsoleCredentials c = account("admin", "admin");

        assertThat(c.accepts("admin", "admin")).isFalse();
    }
}
