package io.plantwire.console.itest;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Polls an HTTP call until its answer satisfies a condition: components and the console's tracking are
 * asynchronous.
 */
final class HttpPolling {

    /** One HTTP request. */
    interface Call {
        HttpResponse<String> call() throws Exception;
    }

    private HttpPolling() {
    }

    static HttpResponse<String> await(String what, Duration patience, Call call, Predicate<HttpResponse<String>> until)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = call.call();
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gave up waiting for " + what + "; last answer " + (last == null ? "none"
                : last.statusCode() + " " + last.body().substring(0, Math.min(2000, last.body().length()))));
    }
}
