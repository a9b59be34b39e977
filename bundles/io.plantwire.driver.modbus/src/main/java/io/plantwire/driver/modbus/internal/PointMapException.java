package io.plantwire.driver.modbus.internal;

import java.util.List;

/** A point map with bad rows; the message lists every one with its line and field. */
final class PointMapException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    PointMapException(List<String> problems) {
        super("point map has " + problems.size() + (problems.size() == 1 ? " error: " : " errors: ") + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
