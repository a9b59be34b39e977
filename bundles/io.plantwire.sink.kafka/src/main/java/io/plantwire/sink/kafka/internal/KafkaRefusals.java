package io.plantwire.sink.kafka.internal;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownServerException;

/**
 * What the forwarder does with a failed send, by the exception's class (docs/kafka.md has the table).
 *
 * <ul>
 * <li>{@link Kind#PERMANENT}: Kafka can never take this record as it is (too large for {@code max.request.size} or
 * the topic's {@code max.message.bytes}, an illegal topic name, a record or timestamp the broker rejects, a stored
 * frame that cannot be decoded): it goes to the dead letters at once.</li>
 * <li>{@link Kind#TEMPORARY}: a refusal that may be fixed at the cluster (an ACL: {@code TopicAuthorizationException}
 * and the other authorization exceptions, a create/alter policy, an unknown server error): sent again from the
 * store after the back-off, up to {@code refusal.retry.max.attempts} times, then to the dead letters.</li>
 * <li>{@link Kind#OUTAGE}: everything else (timeouts, network errors, leader changes, authentication, a closed
 * producer): sent again after the back-off without limit; the record never leaves the store for it.</li>
 * </ul>
 */
final class KafkaRefusals {

    enum Kind { OUTAGE, TEMPORARY, PERMANENT }

    private KafkaRefusals() {
    }

    static Kind kind(Throwable e) {
        if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidTopicException || e instanceof InvalidRecordException
                || e instanceof InvalidTimestampException || e instanceof SerializationException) {
            return Kind.PERMANENT;
        }
        if (e instanceof AuthorizationException || e instanceof PolicyViolationException
                || e instanceof UnknownServerException) {
            return Kind.TEMPORARY;
        }
        return Kind.OUTAGE;
    }

    /** The code written with a dead letter: the exception's simple class name. */
    static String code(Throwable e) {
        return e == null ? "unknown" : e.getClass().getSimpleName();
    }
}
