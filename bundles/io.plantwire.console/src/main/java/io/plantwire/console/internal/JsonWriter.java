package io.plantwire.console.internal;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * A minimal streaming JSON writer into a StringBuilder, optionally passed on to a {@link Writer} in chunks.
 *
 * <p>With a writer, the caller calls {@link #spill()} between elements: once the builder holds {@link #SPILL_CHARS}
 * or more, they go to the writer and the builder starts again. A large document (the console's data.json of a
 * gateway with a hundred wide assets is ~2 MB) then never exists whole in memory: built whole, it took a few
 * arrays of megabytes (the builder's growth, the string, its bytes), and under load each request promoted them to
 * the old generation and cost a full collection (docs/decisions/sink-throughput.md, "Ninth round").
 *
 * <p>Strings are escaped so the output is safe even where a browser might read it as HTML or script: besides what
 * JSON requires, {@code < > & '} and the line separators U+2028/U+2029 are written as {@code \}{@code uXXXX}, as are
 * all surrogates (so an unpaired one cannot produce invalid UTF-8). Non-finite numbers are written as
 * {@code null}, since JSON has no NaN.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Characters collected before {@link #spill()} passes them on. */
    static final int SPILL_CHARS = 16 * 1024;

    private final StringBuilder out;
    private final Writer sink;
    /** Per nesting level: whether the next element needs a comma before it. Depth is small and fixed here. */
    private final boolean[] comma = new boolean[32];
    private int depth;
    private boolean afterName;

    /** Writes into {@code out} only. */
    JsonWriter(StringBuilder out) {
        this(out, null);
    }

    /** Collects into a builder of its own and passes it on to {@code sink} at {@link #spill()} and {@link #finish()}. */
    JsonWriter(Writer sink) {
        this(new StringBuilder(SPILL_CHARS + 1024), sink);
    }

    private JsonWriter(StringBuilder out, Writer sink) {
        this.out = out;
        this.sink = sink;
    }

    /** Passes what was collected on to the writer if it is {@link #SPILL_CHARS} or more; without a writer, nothing. */
    void spill() throws IOException {
        if (sink != null && out.length() >= SPILL_CHARS) {
            passOn();
        }
    }

    /** Passes the rest on to the writer and flushes it; without a writer, nothing. */
    void finish() throws IOException {
        if (sink != null) {
            passOn();
            sink.flush();
        }
    }

    private void passOn() throws IOException {
        sink.append(out);
        out.setLength(0);
    }

    JsonWriter beginObject() {
        separate();
        out.append('{');
        push();
        return this;
    }

    JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        push();
        return this;
    }

    JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    JsonWriter value(double value) {
        separate();
        if (Double.isFinite(value)) {
            out.append(value);
        } else {
            out.append("null");
        }
        return this;
    }

    /** A float in its shortest form: trend points need no more digits than they were stored with. */
    JsonWriter value(float value) {
        separate();
        if (Float.isFinite(value)) {
            out.append(value);
        } else {
            out.append("null");
        }
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    /** An instant as epoch milliseconds, or null. */
    JsonWriter millis(Instant instant) {
        separate();
        if (instant == null) {
            out.append("null");
        } else {
            out.append(instant.toEpochMilli());
        }
        return this;
    }

    JsonWriter nullValue() {
        separate();
        out.append("null");
        return this;
    }

    private void push() {
        depth++;
        comma[depth] = false;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (comma[depth]) {
                out.append(',');
            }
            comma[depth] = true;
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '<':
                case '>':
                case '&':
                case '\'':
                case '\u2028':
                case '\u2029':
                    unicode(c);
                    break;
                default:
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        unicode(c);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private void unicode(char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
