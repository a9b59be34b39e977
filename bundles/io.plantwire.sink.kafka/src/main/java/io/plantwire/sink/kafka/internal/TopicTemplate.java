package io.plantwire.sink.kafka.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A topic name template such as {@code plant.{site}.{area}.{asset}}: literal text and {@code {placeholder}}s,
 * checked once when the component activates; the expanded name is {@link TopicNames#sanitize sanitized}.
 */
final class TopicTemplate {

    private final String text;
    private final List<String> literals = new ArrayList<>();
    private final List<String> placeholders = new ArrayList<>();

    /**
     * @param attribute the configuration attribute, for the error message
     * @param text the template
     * @param allowed the placeholder names this template may use
     * @throws IllegalArgumentException naming the attribute and the value when a brace is unbalanced or a
     *         placeholder unknown
     */
    TopicTemplate(String attribute, String text, Set<String> allowed) {
        this.text = text;
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(attribute + " must not be empty, got '" + text + "'");
        }
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{') {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException(attribute + " '" + text + "' has a '{' without '}'");
                }
                String name = text.substring(i + 1, end);
                if (!allowed.contains(name)) {
                    throw new IllegalArgumentException(attribute + " '" + text + "' uses the unknown placeholder {"
                            + name + "}; known: " + allowed.stream().sorted().map(p -> "{" + p + "}").toList());
                }
                literals.add(literal.toString());
                placeholders.add(name);
                literal.setLength(0);
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException(attribute + " '" + text + "' has a '}' without '{'");
            } else {
                literal.append(c);
                i++;
            }
        }
        literals.add(literal.toString());
    }

    /** The legal topic name for these placeholder values. */
    String expand(Function<String, String> values) {
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < placeholders.size(); i++) {
            b.append(literals.get(i)).append(values.apply(placeholders.get(i)));
        }
        b.append(literals.get(literals.size() - 1));
        return TopicNames.sanitize(b.toString());
    }

    @Override
    public String toString() {
        return text;
    }
}
