package io.plantwire.driver.tck.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality.Reason;

/** Questions about the qualities in readings. */
public final class Samples {

    /** The reasons the contract allows for a device that cannot be reached. */
    public static final Set<Reason> UNREACHABLE = EnumSet.of(Reason.DISCONNECTED, Reason.TIMEOUT);

    private Samples() {
    }

    public static boolean allGood(DeviceReading r) {
        return !r.points().isEmpty() && r.points().values().stream().allMatch(s -> s.quality().isGood());
    }

    public static boolean anyGood(DeviceReading r) {
        return r.points().values().stream().anyMatch(s -> s.quality().isGood());
    }

    public static boolean allBad(DeviceReading r) {
        return !r.points().isEmpty() && r.points().values().stream().allMatch(s -> s.quality().isBad());
    }

    /** BAD on every point with DISCONNECTED or TIMEOUT. */
    public static boolean allUnreachable(DeviceReading r) {
        return !r.points().isEmpty() && r.points().values().stream()
                .allMatch(s -> s.quality().isBad() && UNREACHABLE.contains(s.quality().reason()));
    }

    /** A short description of the last readings, for failure messages. */
    public static String describe(List<RecordingIntake.Arrival> arrivals, int last) {
        if (arrivals.isEmpty()) {
            return "no readings";
        }
        StringBuilder b = new StringBuilder();
        for (RecordingIntake.Arrival a : arrivals.subList(Math.max(0, arrivals.size() - last), arrivals.size())) {
            b.append("\n  #").append(a.sequence()).append(' ');
            for (var p : a.reading().points().entrySet()) {
                PointSample s = p.getValue();
                b.append(p.getKey()).append('=').append(s.quality().isBad() ? "-" : s.value()).append(' ')
                        .append(s.quality()).append("; ");
            }
        }
        return b.toString();
    }
}
