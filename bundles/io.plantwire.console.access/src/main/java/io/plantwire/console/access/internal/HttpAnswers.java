package io.plantwire.console.access.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The short answers of a refused request (401, 403, 429), committed so that nothing is added after them. */
final class HttpAnswers {

    private HttpAnswers() {
    }

    /** 401 with the given WWW-Authenticate challenge. */
    static void challenge(HttpServletRequest request, HttpServletResponse response, String challenge) {
        try {
            if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
                // A body nobody reads: end the connection rather than let the client reuse one Jetty may drop.
                response.setHeader("Connection", "close");
            }
            response.setHeader("WWW-Authenticate", challenge);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentLength(0);
            response.flushBuffer();
        } catch (IOException e) {
            // The client went away; nothing to tell it.
        }
    }

    static void refuseThrottled(Logger log, String what, HttpServletResponse response, String address,
            LoginThrottle.Refused r) {
        if (r.throttleJustEngaged()) {
            // Once per episode: a log line per refused request would let the attacker flood the log instead.
            log.warn("{} logins from {} throttled: too many failed attempts; 429 for {} s", what, address,
                    r.retryAfterSeconds());
        }
        tooManyAttempts(response, r.retryAfterSeconds());
    }

    static void tooManyAttempts(HttpServletResponse response, long retryAfterSeconds) {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        refuse(response, 429, "Too many failed logins from this address; try again in " + retryAfterSeconds
                + " s.");
    }

    /** A short plain-text answer, committed so that neither the console nor Felix HTTP adds to it. */
    static void refuse(HttpServletResponse response, int status, String message) {
        try {
            byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.setContentType("text/plain;charset=UTF-8");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", "no-store");
            // The request's body (a refused form) is never read; a guesser also pays a new connection per try.
            response.setHeader("Connection", "close");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.flushBuffer();
        } catch (IOException e) {
            // The client went away; nothing to tell it.
        }
    }
}
