package io.plantwire.store.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterStatsTest {

    @Test
    void describesWhatASinkStatusSaysAboutItsDeadLetters() {
        assertThat(DeadLetterStats.EMPTY.describe("records")).isEmpty();
        assertThat(new DeadLetterStats(3, 900, 5, 1, 2, 0, 100, 1_000_000).describe("messages")).isEqualTo(
                "3 dead letters kept; 1 oldest dead letters evicted: dead letters full (DROP_OLDEST); "
                        + "2 refused messages discarded: dead letters full");
        assertThat(new DeadLetterStats(0, 0, 1, 0, 1, 0, 100, 1_000_000).describe("records"))
                .isEqualTo("1 refused records discarded: dead letters full");
    }
}
