package io.plantwire.sink.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumAndResets() {
        Backoff b = new Backoff(100, 1000);
        assertThat(new long[] { b.next(), b.next(), b.next(), b.next(), b.next(), b.next() })
                .containsExactly(100, 200, 400, 800, 1000, 1000);
        b.reset();
        assertThat(b.peek()).isEqualTo(100);
        assertThat(b.forAttempt(1)).isEqualTo(100);
        assertThat(b.forAttempt(3)).isEqualTo(400);
        assertThat(b.forAttempt(Integer.MAX_VALUE)).isEqualTo(1000);
        assertThat(new Backoff(Long.MAX_VALUE / 2, Long.MAX_VALUE).forAttempt(80)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(0, 10)).hasMessageContaining("0 ms");
        assertThatThrownBy(() -> new Backoff(10, 5)).hasMessageContaining("10 ms").hasMessageContaining("5 ms");
    }
}
