package io.plantwire.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Both candidates of the codec benchmark write the same document, so the comparison is between equals. */
class UnsCodecBenchmarkTest {

    @Test
    void jacksonCandidateWritesTheSameBytesAsTheCodec() throws Exception {
        for (int fields : new int[] { 4, 56 }) {
            UnsCodecBenchmark b = new UnsCodecBenchmark();
            b.fields = fields;
            b.setup();
            byte[] ours = b.handWritten();
            assertThat(new String(b.jacksonGenerator(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(ours, StandardCharsets.UTF_8));
            assertThat(new String(ours, StandardCharsets.UTF_8)).contains("\"t03\":{\"value\":null");
        }
    }
}
