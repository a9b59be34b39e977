package io.plantwire.sink.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class JsonBytesTest {

    @Test
    void instantsAreWrittenExactlyAsInstantToString() {
        SplittableRandom random = new SplittableRandom(42);
        JsonBytes b = new JsonBytes(8);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-62167219200L, 253402300800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            b.reset();
            b.instant(t);
            assertThat(new String(b.toArray(), StandardCharsets.US_ASCII)).isEqualTo('"' + t.toString() + '"');
        }
        for (Instant t : new Instant[] { Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.ofEpochSecond(-1, 1),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z") }) {
            b.reset();
            b.instant(t);
            assertThat(new String(b.toArray(), StandardCharsets.US_ASCII)).isEqualTo('"' + t.toString() + '"');
        }
    }

    @Test
    void aRepeatedInstantIsWrittenTheSameWhereverItLands() {
        Instant a = Instant.parse("2026-12-06T15:04:05.123Z");
        Instant b = Instant.parse("2026-12-06T15:04:05.123000001Z");
        Instant wide = Instant.MAX; // longer than the remembered bytes: never remembered, always formatted
        JsonBytes out = new JsonBytes(4);
        StringBuilder expected = new StringBuilder();
        for (Instant t : new Instant[] { a, a, b, a, wide, wide, b, b, a }) {
            out.raw(',').instant(t);
            expected.append(",\"").append(t).append('"');
        }
        assertThat(new String(out.toArray(), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
        out.reset();
        out.instant(a);
        assertThat(new String(out.toArray(), StandardCharsets.US_ASCII)).isEqualTo('"' + a.toString() + '"');
    }

    @Test
    void setToKeepsATailOfAnotherBufferAndRawAppendsIt() {
        JsonBytes source = new JsonBytes(2);
        source.ascii("head|").string("tail");
        JsonBytes kept = new JsonBytes(1);
        kept.ascii("old content");
        kept.setTo(source, 5);
        JsonBytes out = new JsonBytes(1);
        out.raw('[').raw(kept).raw(']');
        assertThat(new String(out.toArray(), StandardCharsets.US_ASCII)).isEqualTo("[\"tail\"]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kept.setTo(source, source.size() + 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void stringsAreUtf8LikeStringGetBytes() {
        SplittableRandom random = new SplittableRandom(7);
        JsonBytes b = new JsonBytes(4);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                char c = (char) random.nextInt(0x20, 0x10000);
                if (c != '"' && c != '\\') {
                    s.append(c);
                }
            }
            b.reset();
            b.string(s.toString());
            assertThat(b.toArray()).isEqualTo(('"' + s.toString() + '"').getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void numbersAndFraming() {
        JsonBytes b = new JsonBytes(1);
        b.rawInt(0).number(-42L).raw(',').number(2.5).raw(',').number(Double.POSITIVE_INFINITY).raw(',').bool(false);
        b.putInt(0, 0x01020304);
        byte[] out = b.toArray();
        assertThat(out).startsWith(new byte[] { 1, 2, 3, 4 });
        assertThat(new String(b.copy(4), StandardCharsets.US_ASCII)).isEqualTo("-42,2.5,\"Infinity\",false");
        assertThatThrownBy(() -> b.putInt(out.length - 2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
