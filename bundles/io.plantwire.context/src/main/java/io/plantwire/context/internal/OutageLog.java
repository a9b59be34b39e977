package io.plantwire.context.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plantwire.api.text.Redaction;

/**
 * Logs a source outage once when it starts and once when it ends, instead of once per failed lookup or per
 * record. Called from the provider's refresh thread only. Every message is redacted ({@link Redaction}: URL user
 * information, tokens in query strings, JDBC URL passwords, and the provider's own configured secret).
 */
final class OutageLog {

    private static final Logger LOG = LoggerFactory.getLogger(OutageLog.class);

    private final String provider;
    private final String secret;
    private volatile boolean down; // written by the refresh thread, read by status callers
    private long downSinceMillis;
    private long failures;
    private final AtomicLong outages = new AtomicLong();
    private final AtomicLong failedRounds = new AtomicLong();
    private final AtomicLong goodRounds = new AtomicLong();
    private volatile String lastError = "";

    OutageLog(String provider, String secret) {
        this.provider = provider;
        this.secret = secret == null ? "" : secret;
    }

    /** One lookup that failed: it becomes {@link #lastError()} at once, before the round ends. */
    void lookupFailed(String what) {
        lastError = redact(what);
    }

    /** A refresh round that failed, with the first failure's description. */
    void failed(String what, long nowMillis, String stalePolicy) {
        String msg = redact(what);
        failures++;
        failedRounds.incrementAndGet();
        if (!down) {
            down = true;
            downSinceMillis = nowMillis;
            outages.incrementAndGet();
            LOG.error("Context provider '{}' cannot reach its source: {}. Serving {} until it answers again; "
                    + "further failures of this outage are logged at debug level.", provider, msg, stalePolicy);
        } else {
            LOG.debug("Context provider '{}' still failing: {}", provider, msg);
        }
    }

    /** A refresh round where every lookup answered. */
    void succeeded(long nowMillis) {
        goodRounds.incrementAndGet();
        if (down) {
            down = false;
            LOG.info("Context provider '{}' recovered: its source answers again after {} failed refresh round(s) "
                    + "over {}.", provider, failures, Duration.ofMillis(nowMillis - downSinceMillis));
            failures = 0;
        }
    }

    /** Removes credentials from a text that may come from a driver's or server's error message. */
    String redact(String text) {
        return text == null ? "" : Redaction.redact(text, secret);
    }

    boolean down() {
        return down;
    }

    /** Outages reported at error level since start. */
    long outages() {
        return outages.get();
    }

    long failedRounds() {
        return failedRounds.get();
    }

    long goodRounds() {
        return goodRounds.get();
    }

    String lastError() {
        return lastError;
    }
}
