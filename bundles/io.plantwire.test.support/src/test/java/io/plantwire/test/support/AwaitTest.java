package io.plantwire.test.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void untilReturnsOnceTheConditionHolds() {
        AtomicInteger calls = new AtomicInteger();
        Await.until("the third call", () -> calls.incrementAndGet() >= 3);
        assertThat(calls).hasValueGreaterThanOrEqualTo(3);
    }

    @Test
    void untilFailsNamingWhatWasAwaited() {
        assertThatThrownBy(() -> Await.until("the impossible", Duration.ofMillis(50), () -> false))
                .isInstanceOf(AssertionError.class).hasMessage("not reached within 50 ms: the impossible");
    }

    @Test
    void untilWithAFailureMessageBuildsItOnlyOnTimeout() {
        AtomicInteger built = new AtomicInteger();
        Await.until(Duration.ofSeconds(1), () -> true, () -> "never " + built.incrementAndGet());
        assertThat(built).hasValue(0);
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(20), () -> false, () -> "built " + built.incrementAndGet()))
                .isInstanceOf(AssertionError.class).hasMessage("built 1 (waited 20 ms)");
    }

    @Test
    void aConditionThatThrowsEndsTheWaitWithItsException() {
        assertThatThrownBy(() -> Await.until("x", () -> {
            throw new AssertionError("the condition's own failure");
        })).hasMessage("the condition's own failure");
    }

    @Test
    void withinAnswersWithoutFailing() {
        assertThat(Await.within(Duration.ofMillis(20), () -> false)).isFalse();
        assertThat(Await.within(Duration.ofMillis(20), () -> true)).isTrue();
    }

    @Test
    void staysTrueFailsWhenTheConditionTurnsFalseInTheWindow() {
        AtomicBoolean quiet = new AtomicBoolean(true);
        Thread t = new Thread(() -> quiet.set(false));
        t.start();
        assertThatThrownBy(() -> Await.staysTrue("nothing written", Duration.ofSeconds(5), quiet::get))
                .isInstanceOf(AssertionError.class).hasMessageContaining("nothing written");
    }

    @Test
    void staysTruePassesAQuietWindow() {
        Await.staysTrue("nothing written", Duration.ofMillis(200), () -> true);
    }
}
