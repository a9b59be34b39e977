package io.plantwire.metrics.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.RoundTripHistogram;
import io.plantwire.api.model.Quality;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Per-device metrics, read from every {@link Driver#deviceStatus()} at scrape time: nothing is counted on the
 * polling path. A driver whose status call throws is left out of this scrape and counted in
 * {@code plantwire_metrics_source_failures_total{source="driver"}}.
 */
final class DeviceCollector {

    private final int maxLabelValues;
    private final Clock clock;
    private final AtomicLong driverFailures = new AtomicLong();

    DeviceCollector(int maxLabelValues, Clock clock) {
        this.maxLabelValues = maxLabelValues;
        this.clock = clock;
    }

    long driverFailures() {
        return driverFailures.get();
    }

    void collect(List<Driver> drivers, Scrape scrape) {
        List<DeviceStatus> all = statuses(drivers);
        LabelCap.Split<DeviceStatus> split = LabelCap.split(all, s -> s.driverType() + "\u0000" + s.deviceId(),
                maxLabelValues);
        Instant now = clock.instant();

        CounterSnapshot.Builder requests = Families.counter("plantwire_device_requests",
                "Requests (polls and writes) sent to the device since its driver started it.");
        CounterSnapshot.Builder errors = Families.counter("plantwire_device_errors",
                "Requests to the device that failed, by reason (timeout, disconnected, device_exception, ...).");
        GaugeSnapshot.Builder maxRoundTrip = Families.gauge("plantwire_device_round_trip_max_seconds",
                "Longest request round trip since the device was started.").unit(Unit.SECONDS);
        HistogramSnapshot.Builder roundTrips = HistogramSnapshot.builder().name("plantwire_device_round_trip_seconds")
                .help("Round trips of the device's answered requests since the device was started (drivers on API "
                        + "1.2 count them; absent for drivers that do not).").unit(Unit.SECONDS);
        GaugeSnapshot.Builder lastGoodAge = Families.gauge("plantwire_device_last_good_poll_age_seconds",
                "Seconds since a poll of the device last succeeded; absent while none has.").unit(Unit.SECONDS);
        StateSetSnapshot.Builder state = StateSetSnapshot.builder().name("plantwire_device_connection_state")
                .help("The driver's connection state of the device.");

        for (DeviceStatus s : split.labelled()) {
            Labels labels = Labels.of("driver", Families.label(s.driverType()), "device", Families.label(s.deviceId()));
            requests.dataPoint(Families.count(s.requests(), labels));
            errorsByReason(s).forEach((reason, n) -> errors.dataPoint(Families.count(n, labels.add("reason", reason))));
            maxRoundTrip.dataPoint(Families.value(s.maxRoundTripMicros() / 1e6, labels));
            if (s.roundTrips().totalCount() > 0) {
                roundTrips.dataPoint(Histograms.point(Histograms.ROUND_TRIP_BOUNDS, s.roundTrips().counts(),
                        s.roundTrips().sumMicros() / 1e6, labels));
            }
            if (s.lastSuccessfulPoll() != null) {
                double age = Math.max(0, Duration.between(s.lastSuccessfulPoll(), now).toNanos() / 1e9);
                lastGoodAge.dataPoint(Families.value(age, labels));
            }
            StateSetSnapshot.StateSetDataPointSnapshot.Builder point = StateSetSnapshot.StateSetDataPointSnapshot
                    .builder().labels(labels);
            for (ConnectionState c : ConnectionState.values()) {
                point.state(c.name().toLowerCase(), c == s.state());
            }
            state.dataPoint(point.build());
        }
        if (!split.folded().isEmpty()) {
            Labels other = Labels.of("driver", LabelCap.OTHER, "device", LabelCap.OTHER);
            long folded = 0;
            Map<String, Long> foldedErrors = new LinkedHashMap<>();
            long[] foldedBuckets = new long[RoundTripHistogram.BUCKETS];
            long foldedSumMicros = 0;
            for (DeviceStatus s : split.folded()) {
                folded += s.requests();
                errorsByReason(s).forEach((reason, n) -> foldedErrors.merge(reason, n, Long::sum));
                Histograms.add(foldedBuckets, s.roundTrips().counts());
                foldedSumMicros += s.roundTrips().sumMicros();
            }
            requests.dataPoint(Families.count(folded, other));
            if (Arrays.stream(foldedBuckets).sum() > 0) {
                roundTrips.dataPoint(Histograms.point(Histograms.ROUND_TRIP_BOUNDS, foldedBuckets,
                        foldedSumMicros / 1e6, other));
            }
            foldedErrors.forEach((reason, n) -> errors.dataPoint(Families.count(n, other.add("reason", reason))));
        }

        // Totals over all devices, folded or not: what a fleet dashboard sums first.
        GaugeSnapshot.Builder devices = Families.gauge("plantwire_devices",
                "Devices the drivers serve, by driver and connection state.");
        Map<String, Map<ConnectionState, Long>> byDriver = new LinkedHashMap<>();
        for (DeviceStatus s : all) {
            byDriver.computeIfAbsent(Families.label(s.driverType()), d -> new EnumMap<>(ConnectionState.class))
                    .merge(s.state() == null ? ConnectionState.STOPPED : s.state(), 1L, Long::sum);
        }
        byDriver.forEach((driver, counts) -> {
            for (ConnectionState c : ConnectionState.values()) {
                devices.dataPoint(Families.value(counts.getOrDefault(c, 0L),
                        Labels.of("driver", driver, "state", c.name().toLowerCase())));
            }
        });

        scrape.add(requests.build(), errors.build(), roundTrips.build(), maxRoundTrip.build(), lastGoodAge.build(),
                state.build(), devices.build());
        scrape.folded("device", split.folded().size());
    }

    /**
     * The device's failed requests by reason, lower case ({@code timeout}, {@code disconnected},
     * {@code device_exception}, ...). Errors a driver does not attribute to a reason (drivers on API 1.1 attribute
     * none) are counted as {@code unspecified}, so the reasons always add up to the errors.
     */
    static Map<String, Long> errorsByReason(DeviceStatus s) {
        Map<String, Long> out = new LinkedHashMap<>();
        long attributed = 0;
        for (Map.Entry<Quality.Reason, Long> e : s.errorsByReason().entrySet()) {
            if (e.getValue() > 0) {
                out.put(e.getKey().name().toLowerCase(), e.getValue());
                attributed += e.getValue();
            }
        }
        if (s.errors() > attributed) {
            out.put("unspecified", s.errors() - attributed);
        }
        return out;
    }

    /** Every device of every driver once; a duplicate (same driver type and id) keeps its first status. */
    private List<DeviceStatus> statuses(List<Driver> drivers) {
        Map<String, DeviceStatus> byKey = new LinkedHashMap<>();
        for (Driver d : drivers) {
            List<DeviceStatus> list;
            try {
                list = d.deviceStatus();
            } catch (RuntimeException e) {
                driverFailures.incrementAndGet();
                continue;
            }
            if (list == null) {
                continue;
            }
            for (DeviceStatus s : list) {
                if (s != null && s.deviceId() != null) {
                    byKey.putIfAbsent(s.driverType() + "\u0000" + s.deviceId(), s);
                }
            }
        }
        return new ArrayList<>(byKey.values());
    }
}
