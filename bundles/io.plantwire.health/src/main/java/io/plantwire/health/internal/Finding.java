package io.plantwire.health.internal;

import java.util.Comparator;
import java.util.List;

import io.plantwire.api.text.Redaction;
import io.plantwire.api.text.SafeText;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

/**
 * One line of a check's result.
 *
 * @param status how bad it is
 * @param message for people; built by the checks from our own words and {@link #foreign foreign text}
 */
record Finding(Result.Status status, String message) {

    /** Longest piece of foreign text (a device's error, a component's failure) quoted in a message. */
    static final int FOREIGN_CHARS = 300;

    static Finding ok(String message) {
        return new Finding(Result.Status.OK, message);
    }

    static Finding warn(String message) {
        return new Finding(Result.Status.WARN, message);
    }

    static Finding critical(String message) {
        return new Finding(Result.Status.CRITICAL, message);
    }

    /**
     * Text that came from elsewhere (a driver's error, an exception, a configured name): credentials masked,
     * control characters escaped, cut to {@value #FOREIGN_CHARS} characters.
     */
    static String foreign(String text) {
        return SafeText.printable(Redaction.redact(text == null ? "" : text), FOREIGN_CHARS);
    }

    /** The first line of a multi-line text (SCR's failure text is a whole stack trace). */
    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    /**
     * What a stack trace says went wrong: the message of its innermost "Caused by:" (SCR wraps an activate method's
     * exception in an InvocationTargetException), else its first line.
     */
    static String rootCause(String stackTrace) {
        String cause = null;
        if (stackTrace != null) {
            for (String line : stackTrace.split("\n")) {
                if (line.startsWith("Caused by: ")) {
                    cause = line.substring("Caused by: ".length()).strip();
                }
            }
        }
        return cause != null ? cause : firstLine(stackTrace);
    }

    /** A Felix result holding the findings, worst first; its status is the worst one's. */
    static Result result(List<Finding> findings) {
        ResultLog log = new ResultLog();
        findings.stream().sorted(Comparator.comparing(Finding::status).reversed())
                .forEach(f -> log.add(new ResultLog.Entry(f.status(), f.message())));
        return new Result(log);
    }
}
