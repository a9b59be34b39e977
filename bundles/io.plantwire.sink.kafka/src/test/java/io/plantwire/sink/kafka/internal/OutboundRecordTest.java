package io.plantwire.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class OutboundRecordTest {

    @Test
    void framesRoundTripWithSharedHeads() throws IOException {
        byte[] head = OutboundRecord.head("acme.tank-1", "acme/tank-1".getBytes(StandardCharsets.UTF_8),
                List.of(OutboundRecord.header("plantwire.schema", "plantwire.uns.asset/1"),
                        OutboundRecord.header("empty", "")));
        OutboundRecord.Decoder decoder = new OutboundRecord.Decoder();
        for (int i = 0; i < 3; i++) {
            byte[] value = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            OutboundRecord r = decoder.decode(OutboundRecord.frame(head, 1000L + i, value));
            assertThat(r.topic()).isEqualTo("acme.tank-1");
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("acme/tank-1");
            assertThat(r.value()).isEqualTo(value);
            assertThat(r.timestamp()).isEqualTo(1000L + i);
            assertThat(r.headers()).hasSize(2);
            assertThat(new String(r.headers().get(0).getValue(), StandardCharsets.UTF_8))
                    .isEqualTo("plantwire.uns.asset/1");
            assertThat(r.headers().get(1).getValue()).isEmpty();
        }
        OutboundRecord noKey = OutboundRecord.decode(new OutboundRecord("t", null, new byte[0], List.of(), -1)
                .encode());
        assertThat(noKey.key()).isNull();
        assertThat(noKey.value()).isEmpty();
        assertThat(noKey.timestamp()).isEqualTo(-1);
    }

    @Test
    void damagedFramesAreRefusedNotMisread() {
        assertThatThrownBy(() -> OutboundRecord.decode(new byte[] { 1, 2, 3 })).isInstanceOf(IOException.class);
        byte[] frame = new OutboundRecord("t", null, new byte[] { 9 }, List.of(), 5).encode();
        frame[0] = 7;
        assertThatThrownBy(() -> OutboundRecord.decode(frame)).hasMessageContaining("version 7");
    }

    @Test
    void decodesAFrameInsideALargerReadOnlyBufferAsTheStoreHandsItOver() throws IOException {
        byte[] head = OutboundRecord.head("acme.tank-2", null, List.of(OutboundRecord.header("h", "v")));
        OutboundRecord.Decoder decoder = new OutboundRecord.Decoder();
        for (int i = 0; i < 2; i++) { // the second time the head comes from the decoder's cache
            byte[] frame = OutboundRecord.frame(head, 42L + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            byte[] around = new byte[frame.length + 20];
            System.arraycopy(frame, 0, around, 7, frame.length);
            ByteBuffer view = ByteBuffer.wrap(around, 7, frame.length).asReadOnlyBuffer();
            OutboundRecord r = decoder.decode(view);
            assertThat(r.topic()).isEqualTo("acme.tank-2");
            assertThat(r.timestamp()).isEqualTo(42L + i);
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":" + i + "}");
            assertThat(r.headers()).hasSize(1);
        }
        byte[] frame = OutboundRecord.frame(head, 1, new byte[] { 1 });
        ByteBuffer.wrap(frame).putInt(9, 1 << 20); // a head longer than the frame
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(frame))).isInstanceOf(IOException.class)
                .hasMessageContaining("head of 1048576 bytes");
    }
}
