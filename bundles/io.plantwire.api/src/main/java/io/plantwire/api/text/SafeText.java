package io.plantwire.api.text;

/**
 * Makes foreign text safe for a terminal or a line-oriented log: every control character (C0, DEL, C1), the Unicode
 * line and paragraph separators and the bidirectional formatting characters are written as escapes ({@code \n},
 * {@code \t}, {@code \x1b}, {@code \u202e}), so a line break cannot forge a log line, an escape sequence cannot
 * reach the operator's terminal and a right-to-left override cannot make a value read backwards. Printable text,
 * including non-Latin letters, passes unchanged. A backslash is doubled so an escape in the output is unambiguous.
 */
public final class SafeText {

    private SafeText() {
    }

    /** The text with control characters escaped; {@code "null"} for null. */
    public static String printable(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int length = text.length();
        int i = 0;
        while (i < length && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == length) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(length + 16).append(text, 0, i);
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x100) {
                        out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * The text escaped as {@link #printable(CharSequence)} does and cut to at most {@code maxChars} characters of
     * the original, with {@code "…(N more)"} appended when it was longer: for quoting values of unknown size.
     */
    public static String printable(CharSequence text, int maxChars) {
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars: " + maxChars + " is negative");
        }
        if (text == null || text.length() <= maxChars) {
            return printable(text);
        }
        return printable(text.subSequence(0, maxChars)) + "…(" + (text.length() - maxChars) + " more)";
    }

    /** True if {@code c} is written as an escape by {@link #printable(CharSequence)}. */
    public static boolean needsEscape(char c) {
        return c < 0x20 || c == '\\' || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
                || c == '\u200f' || c == '\u061c';
    }
}
