package io.plantwire.console.internal;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Value;
import io.plantwire.api.text.SafeText;

/**
 * Prints the console's latest value of every asset to standard output, one line per asset, so the embedded
 * default shows data flowing in the terminal without any other tool.
 */
@Component(configurationPid = TerminalConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TerminalConfig.class)
public final class TerminalTicker {

    /** Longest text of one name or value on a line; the rest is cut with a count. */
    static final int MAX_CHARS = 80;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final LatestRecordSink latest;
    private final List<String> contextKeys;
    private final ScheduledExecutorService timer;
    private final PrintStream out = System.out;

    @Activate
    public TerminalTicker(@Reference LatestRecordSink latest, TerminalConfig config) {
        int interval = config.intervalSeconds();
        if (interval < 1 || interval > 3600) {
            throw new IllegalArgumentException("intervalSeconds '" + interval + "' must be 1-3600");
        }
        this.latest = latest;
        this.contextKeys = List.of(config.contextKeys());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plantwire-terminal-ticker");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::printAll, interval, interval, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    private void printAll() {
        try {
            for (AssetView asset : latest.assets()) {
                out.println(line(asset, contextKeys));
            }
        } catch (RuntimeException e) {
            // A bad round must not end the schedule; the next round tries again.
            out.println("[plantwire] terminal ticker: " + safe(String.valueOf(e)));
        }
    }

    /**
     * {@code [tank-1 12:00:01] power=12.345 kW  temperature=21.3 Cel BAD(OUT_OF_RANGE)  | batchId=B-1 (stale)}.
     * Every string that comes from a device, the MES or configuration is escaped and cut, so an escape sequence or a
     * line break in it cannot reach the operator's terminal as such.
     */
    static String line(AssetView asset, List<String> contextKeys) {
        StringBuilder b = new StringBuilder(160).append('[').append(safe(asset.path().toString())).append(' ')
                .append(TIME.format(asset.timestamp())).append(']');
        for (AssetView.FieldView f : asset.fields()) {
            FieldValue v = f.value();
            b.append("  ").append(safe(f.name())).append('=').append(format(v.value()));
            if (!v.unit().isEmpty()) {
                b.append(' ').append(safe(v.unit()));
            }
            if (!v.quality().isGood()) {
                b.append(' ').append(v.quality().status()).append('(').append(v.quality().reason()).append(')');
            }
        }
        String sep = "  |";
        for (String key : contextKeys) {
            ContextValue c = asset.context().get(key);
            if (c != null) {
                b.append(sep).append(' ').append(safe(key)).append('=').append(safe(c.value()))
                        .append(c.stale() ? " (stale)" : "");
                sep = "";
            }
        }
        return b.toString();
    }

    private static String format(Value v) {
        if (v == null) {
            return "-"; // a BAD field without a value
        }
        return v.type() == Value.Type.FLOATING ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : safe(v.asString());
    }

    private static String safe(String text) {
        return SafeText.printable(text, MAX_CHARS);
    }
}
