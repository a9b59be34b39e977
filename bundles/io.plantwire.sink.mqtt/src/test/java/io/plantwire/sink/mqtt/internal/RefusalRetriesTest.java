package io.plantwire.sink.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bookkeeping of temporary refusals: attempts per message, the busy broker, the connection given up. */
class RefusalRetriesTest {

    private final RefusalRetries retries = new RefusalRetries();

    @Test
    void theSameMessageRefusedAgainCountsUpToTheLimitThenGoesToTheDeadLetters() {
        assertThat(retries.temporary(1, 40, "uns/a", false, 3)).isEqualTo(new RefusalRetries.Attempt(1, true));
        assertThat(retries.retrying(1)).isTrue();
        assertThat(retries.retrying(2)).isFalse();
        assertThat(retries.temporary(2, 40, "uns/a", false, 3)).isEqualTo(new RefusalRetries.Attempt(2, true));
        assertThat(retries.temporary(3, 40, "uns/a", false, 3)).isEqualTo(new RefusalRetries.Attempt(3, false));
        assertThat(retries.retrying(3)).as("not given up for a message that is dead-lettered").isFalse();
        retries.givenUp();
        assertThat(retries.temporary(4, 40, "uns/a", false, 3).number()).as("counted again from 1").isEqualTo(1);
    }

    @Test
    void anotherMessageOrTopicStartsAtOneAndABusyBrokerIsAlwaysRetried() {
        retries.temporary(1, 40, "uns/a", false, 2);
        assertThat(retries.temporary(2, 41, "uns/a", false, 2).number()).isEqualTo(1);
        assertThat(retries.temporary(3, 41, "uns/b", false, 2).number()).isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            assertThat(retries.temporary(10 + i, 50, "uns/c", true, 2).retry()).isTrue();
        }
    }

    @Test
    void aRefusedMessageThatIsDeliveredAfterAllIsForgotten() {
        retries.temporary(1, 40, "uns/a", false, 3);
        retries.temporary(2, 40, "uns/a", false, 3);
        retries.delivered(39, "uns/a");
        assertThat(retries.temporary(3, 40, "uns/a", false, 3).number()).as("another message delivered").isEqualTo(3);
        retries.delivered(40, "uns/a");
        assertThat(retries.temporary(4, 40, "uns/a", false, 3).number()).isEqualTo(1);
    }
}
