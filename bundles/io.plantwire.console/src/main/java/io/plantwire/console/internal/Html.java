package io.plantwire.console.internal;

/**
 * HTML escaping for text and quoted attribute values.
 *
 * <p>The Web Console passes every text/html answer through a filter that replaces {@code ${key}} with a variable or
 * a localized string and drops a backslash before {@code $}. Text such as a feature's {@code ${mqtt.broker.url}}
 * would come out changed, so {@code $} and {@code \} are written as character references too.
 */
final class Html {

    private Html() {
    }

    /**
     * Escapes {@code & < > " '} and the console's template characters {@code $ \} (and drops control characters
     * other than tab and newlines), enough for element content and for attribute values in quotes.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    b.append("&amp;");
                    break;
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                case '\'':
                    b.append("&#39;");
                    break;
                case '$':
                    b.append("&#36;");
                    break;
                case '\\':
                    b.append("&#92;");
                    break;
                default:
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }
}
