package io.plantwire.sink.kafka.internal;

import static io.plantwire.sink.kafka.internal.KafkaRefusals.Kind.OUTAGE;
import static io.plantwire.sink.kafka.internal.KafkaRefusals.Kind.PERMANENT;
import static io.plantwire.sink.kafka.internal.KafkaRefusals.Kind.TEMPORARY;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.junit.jupiter.api.Test;

/** The exception table of docs/kafka.md, "Refused records and dead letters", row by row. */
class KafkaRefusalsTest {

    @Test
    void eachExceptionIsTheKindTheDocumentationSays() {
        assertThat(KafkaRefusals.kind(new RecordTooLargeException("x"))).isEqualTo(PERMANENT);
        assertThat(KafkaRefusals.kind(new RecordBatchTooLargeException("x"))).isEqualTo(PERMANENT);
        assertThat(KafkaRefusals.kind(new InvalidTopicException("x"))).isEqualTo(PERMANENT);
        assertThat(KafkaRefusals.kind(new InvalidRecordException("x"))).isEqualTo(PERMANENT);
        assertThat(KafkaRefusals.kind(new InvalidTimestampException("x"))).isEqualTo(PERMANENT);
        assertThat(KafkaRefusals.kind(new SerializationException("x"))).isEqualTo(PERMANENT);
        assertThat(KafkaRefusals.kind(new TopicAuthorizationException("x"))).isEqualTo(TEMPORARY);
        assertThat(KafkaRefusals.kind(new ClusterAuthorizationException("x"))).isEqualTo(TEMPORARY);
        assertThat(KafkaRefusals.kind(new PolicyViolationException("x"))).isEqualTo(TEMPORARY);
        assertThat(KafkaRefusals.kind(new UnknownServerException("x"))).isEqualTo(TEMPORARY);
        assertThat(KafkaRefusals.kind(new TimeoutException("x"))).isEqualTo(OUTAGE);
        assertThat(KafkaRefusals.kind(new NetworkException("x"))).isEqualTo(OUTAGE);
        assertThat(KafkaRefusals.kind(new NotLeaderOrFollowerException("x"))).isEqualTo(OUTAGE);
        assertThat(KafkaRefusals.kind(new SaslAuthenticationException("x"))).isEqualTo(OUTAGE);
        assertThat(KafkaRefusals.kind(new KafkaException("Producer is closed forcefully."))).isEqualTo(OUTAGE);
        assertThat(KafkaRefusals.kind(null)).isEqualTo(OUTAGE);
        assertThat(KafkaRefusals.code(new RecordTooLargeException("x"))).isEqualTo("RecordTooLargeException");
    }
}
