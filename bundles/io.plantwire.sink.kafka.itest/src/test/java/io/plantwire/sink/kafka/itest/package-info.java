/** In-framework tests of the wrapped kafka-clients and the Kafka sink. */
package io.plantwire.sink.kafka.itest;
