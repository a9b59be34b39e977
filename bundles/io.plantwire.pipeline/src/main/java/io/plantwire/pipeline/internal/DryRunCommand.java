package io.plantwire.pipeline.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.OnDemandRead;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.pipeline.DryRun;
import io.plantwire.api.text.SafeText;

/**
 * {@code plantwire:dryrun [device ...]}: reads every selected device once and prints what the gateway would
 * publish for it, per sink, without publishing anything. Gogo finds the command through the osgi.command
 * properties, so the bundle needs no Gogo dependency.
 */
@Component(service = DryRunCommand.class, property = {
        "osgi.command.scope=plantwire",
        "osgi.command.function=dryrun" })
public class DryRunCommand {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final DryRun dryRun;
    private final List<Driver> drivers = new CopyOnWriteArrayList<>();

    @Activate
    public DryRunCommand(@Reference DryRun dryRun) {
        this.dryRun = dryRun;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeDriver")
    void addDriver(Driver driver, Map<String, Object> props) {
        drivers.add(driver);
    }

    void removeDriver(Driver driver) {
        drivers.remove(driver);
    }

    /** plantwire:dryrun - reads every device once and prints what would be published. */
    public String dryrun() {
        return dryrun(new String[0]);
    }

    /**
     * plantwire:dryrun &lt;device&gt;... - reads the named devices once (ids or globs such as {@code meter-*}) and
     * prints what would be published.
     */
    public String dryrun(String... devices) {
        return render(devices, drivers, dryRun);
    }

    static String render(String[] devices, List<Driver> drivers, DryRun dryRun) {
        DeviceSelector wanted = DeviceSelector.of(devices);
        StringBuilder out = new StringBuilder(
                "Dry run: each device is read once; nothing is published or queued, and stage state is kept.\n");
        List<String> matched = new ArrayList<>();
        for (Driver driver : drivers) {
            List<String> ids = new ArrayList<>();
            for (DeviceStatus st : driver.deviceStatus()) {
                if (wanted.matches(st.deviceId())) {
                    ids.add(st.deviceId());
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            matched.addAll(ids);
            if (!(driver instanceof OnDemandRead reader)) {
                out.append("\ndevice ").append(safe(String.join(", ", ids))).append(" (")
                        .append(safe(driver.driverType())).append("): this driver cannot read on demand\n");
                continue;
            }
            long t0 = System.nanoTime();
            List<DeviceReading> readings;
            try {
                readings = reader.readNow().toCompletableFuture().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                out.append("\ndevice ").append(safe(String.join(", ", ids))).append(": read failed: ")
                        .append(safe(cause.getMessage() == null ? cause.toString() : cause.getMessage()))
                        .append('\n');
                continue;
            } catch (TimeoutException e) {
                out.append("\ndevice ").append(safe(String.join(", ", ids))).append(": no answer within ")
                        .append(READ_TIMEOUT.toSeconds()).append(" s\n");
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return out.append("interrupted").toString();
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            for (DeviceReading reading : readings) {
                appendReading(out, driver.driverType(), reading, ms, dryRun.run(reading));
            }
        }
        if (matched.isEmpty()) {
            out.append(devices.length == 0 ? "no devices are configured\n"
                    : "no configured device matches " + safe(String.join(" ", devices)) + "\n");
        }
        return out.toString();
    }

    /** Device, MES and user text for the operator's terminal: control characters escaped, cut at 500 characters. */
    private static String safe(String text) {
        return SafeText.printable(text, 500);
    }

    private static void appendReading(StringBuilder out, String driverType, DeviceReading reading, long ms,
            List<DryRun.Result> results) {
        int good = 0;
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, PointSample> p : reading.points().entrySet()) {
            if (p.getValue().quality().isGood()) {
                good++;
            } else {
                bad.add(safe(p.getKey() + " " + p.getValue().quality()));
            }
        }
        out.append("\ndevice ").append(safe(reading.deviceId())).append(" (").append(safe(driverType)).append("): ")
                .append(reading.points().size()).append(" points read in ").append(ms).append(" ms, ").append(good)
                .append(" good\n");
        for (String b : bad) {
            out.append("  ! ").append(b).append('\n');
        }
        if (results.isEmpty()) {
            out.append("  no mapper takes readings of this device\n");
        }
        for (DryRun.Result r : results) {
            if (r.record() != null) {
                out.append("  asset ").append(safe(r.record().path().toString())).append(" (")
                        .append(safe(r.record().assetType())).append(")\n");
            }
            for (DryRun.SinkPublication p : r.publications()) {
                out.append("    ").append(safe(p.sink())).append(" -> ").append(safe(p.destination())).append('\n')
                        .append("      ").append(SafeText.printable(p.payload())).append('\n');
            }
            for (String note : r.notes()) {
                out.append("    note: ").append(safe(note)).append('\n');
            }
        }
    }
}
