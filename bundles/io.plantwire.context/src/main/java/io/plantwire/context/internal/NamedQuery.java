package io.plantwire.context.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An SQL query with named parameters ({@code :asset}, {@code :line}, ...) turned into a JDBC query with {@code ?}.
 * Colons inside quotes and PostgreSQL casts ({@code ::text}) are left alone.
 */
final class NamedQuery {

    final String jdbcSql;
    final List<String> parameters;

    private NamedQuery(String jdbcSql, List<String> parameters) {
        this.jdbcSql = jdbcSql;
        this.parameters = parameters;
    }

    static NamedQuery parse(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("query must not be blank");
        }
        StringBuilder out = new StringBuilder();
        List<String> params = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
            } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                out.append("::");
                i++;
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int j = i + 1;
                while (j < sql.length() && Character.isJavaIdentifierPart(sql.charAt(j))) {
                    j++;
                }
                String name = sql.substring(i + 1, j);
                AssetPlaceholders.check("query", name, sql);
                params.add(name);
                out.append('?');
                i = j - 1;
            } else {
                out.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("query '" + sql + "' has an unclosed quote " + quote);
        }
        return new NamedQuery(out.toString(), List.copyOf(params));
    }
}
