package io.plantwire.normalizer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality.Status;

/**
 * An ordered list of rule lines, each {@code <field> <operation> <arguments>}, applied to every field of a record in
 * line order:
 *
 * <pre>
 * temperature linear 0.1 0          # raw tenths of a degree
 * temperature range -20 150 BAD keep
 * power unit W kW                   # or: power unit kW (from the field's own unit)
 * power deadband 0.5 heartbeat 60s  # or: deadband 2% heartbeat 5m
 * *     round 2
 * rawLevel rename level
 * debug* drop
 * *     stale 30s
 * </pre>
 *
 * The field may be a glob ({@code *} any run of characters). After {@code rename} later lines see the new name.
 * Plain Java, thread-safe, so it can be tested and benchmarked without a framework.
 */
public final class RuleSet {

    private static final Pattern WS = Pattern.compile("\\s+");

    private final List<Line> lines;
    /** Per source field name: the steps that apply to it and its final name. Few names per site, so no bound. */
    private final Map<String, Chain> chains = new ConcurrentHashMap<>();

    private RuleSet(List<Line> lines) {
        this.lines = lines;
    }

    /**
     * Parses rule lines; blank lines and {@code #} comments are skipped.
     *
     * @throws IllegalArgumentException naming the line number and text of every bad line
     */
    public static RuleSet parse(String... text) {
        List<Line> lines = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < text.length; i++) {
            String raw = text[i] == null ? "" : text[i];
            int hash = raw.indexOf('#');
            String t = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (t.isEmpty()) {
                continue;
            }
            try {
                lines.add(parseLine(t));
            } catch (IllegalArgumentException e) {
                errors.add("rule " + (i + 1) + " '" + raw.strip() + "': " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new RuleSet(List.copyOf(lines));
    }

    private static Line parseLine(String t) {
        String[] w = WS.split(t);
        if (w.length < 2) {
            throw new IllegalArgumentException("expected '<field> <operation> [arguments]'");
        }
        Pattern field = glob(w[0]);
        String op = w[1].toLowerCase(Locale.ROOT);
        switch (op) {
            case "scale":
                args(w, 1, 1, "scale FACTOR");
                return new Line(field, new Steps.Linear(number(w[2], "factor"), 0), null);
            case "offset":
                args(w, 1, 1, "offset ADD");
                return new Line(field, new Steps.Linear(1, number(w[2], "offset")), null);
            case "linear":
                args(w, 2, 2, "linear FACTOR OFFSET");
                return new Line(field, new Steps.Linear(number(w[2], "factor"), number(w[3], "offset")), null);
            case "unit":
                args(w, 1, 2, "unit TO or unit FROM TO");
                return new Line(field,
                        w.length == 3 ? new Steps.UnitConversion(null, w[2]) : new Steps.UnitConversion(w[2], w[3]),
                        null);
            case "range": {
                args(w, 2, 4, "range MIN MAX [BAD|UNCERTAIN] [keep|drop]");
                double min = number(w[2], "min");
                double max = number(w[3], "max");
                if (min > max) {
                    throw new IllegalArgumentException("min " + w[2] + " is greater than max " + w[3]);
                }
                Status status = Status.BAD;
                boolean drop = false;
                for (int i = 4; i < w.length; i++) {
                    switch (w[i].toLowerCase(Locale.ROOT)) {
                        case "bad" -> status = Status.BAD;
                        case "uncertain" -> status = Status.UNCERTAIN;
                        case "keep" -> drop = false;
                        case "drop" -> drop = true;
                        default -> throw new IllegalArgumentException("'" + w[i]
                                + "' is not BAD, UNCERTAIN, keep or drop");
                    }
                }
                return new Line(field, new Steps.Range(min, max, status, drop), null);
            }
            case "clamp": {
                args(w, 2, 2, "clamp MIN MAX");
                double min = number(w[2], "min");
                double max = number(w[3], "max");
                if (min > max) {
                    throw new IllegalArgumentException("min " + w[2] + " is greater than max " + w[3]);
                }
                return new Line(field, new Steps.Clamp(min, max), null);
            }
            case "deadband": {
                args(w, 1, 3, "deadband BAND[%] [heartbeat DURATION]");
                boolean percent = w[2].endsWith("%");
                double band = number(percent ? w[2].substring(0, w[2].length() - 1) : w[2], "band");
                if (band < 0) {
                    throw new IllegalArgumentException("band " + w[2] + " must not be negative");
                }
                Duration heartbeat = Duration.ofSeconds(60);
                if (w.length > 3) {
                    if (w.length != 5 || !w[3].equalsIgnoreCase("heartbeat")) {
                        throw new IllegalArgumentException("expected 'deadband BAND[%] [heartbeat DURATION]'");
                    }
                    heartbeat = Durations.parse(w[4]);
                    if (heartbeat.isZero() || heartbeat.isNegative()) {
                        throw new IllegalArgumentException("heartbeat " + w[4] + " must be positive");
                    }
                }
                return new Line(field, new Steps.Deadband(band, percent, heartbeat), null);
            }
            case "round": {
                args(w, 1, 1, "round DECIMALS");
                int d;
                try {
                    d = Integer.parseInt(w[2]);
                } catch (NumberFormatException e) {
                    d = -1;
                }
                if (d < 0 || d > 12) {
                    throw new IllegalArgumentException("decimals '" + w[2] + "' must be a whole number 0-12");
                }
                return new Line(field, new Steps.Round(d), null);
            }
            case "rename":
                args(w, 1, 1, "rename NEWNAME");
                if (w[0].contains("*")) {
                    throw new IllegalArgumentException("rename needs one field, not the glob '" + w[0] + "'");
                }
                if (!w[2].matches("[A-Za-z_][A-Za-z0-9_.-]{0,63}")) {
                    throw new IllegalArgumentException("new name '" + w[2] + "' is not a valid field name");
                }
                return new Line(field, null, w[2]);
            case "drop":
                args(w, 0, 0, "drop");
                return new Line(field, new Steps.Drop(), null);
            case "stale": {
                args(w, 1, 1, "stale DURATION");
                Duration d = Durations.parse(w[2]);
                if (d.isZero() || d.isNegative()) {
                    throw new IllegalArgumentException("duration " + w[2] + " must be positive");
                }
                return new Line(field, new Steps.Stale(d), null);
            }
            default:
                throw new IllegalArgumentException("unknown operation '" + w[1]
                        + "' (scale, offset, linear, unit, range, clamp, deadband, round, rename, drop, stale)");
        }
    }

    private static void args(String[] w, int min, int max, String usage) {
        int n = w.length - 2;
        if (n < min || n > max) {
            throw new IllegalArgumentException("expected '<field> " + usage + "'");
        }
    }

    private static double number(String s, String what) {
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a number");
        }
    }

    private static Pattern glob(String g) {
        if (!g.matches("[A-Za-z0-9_.*-]+")) {
            throw new IllegalArgumentException("field '" + g + "' is not a field name or glob");
        }
        return Pattern.compile(Pattern.quote(g).replace("*", "\\E.*\\Q"));
    }

    /** Number of rule lines. */
    public int size() {
        return lines.size();
    }

    /**
     * Applies the rules to one record.
     *
     * @return {@code record} itself when nothing changed, a derived copy, or {@code null} when every field was left
     *         out (the pipeline counts that as filtered)
     */
    public AssetRecord apply(AssetRecord record) {
        Map<String, FieldValue> in = record.fields();
        AssetRecord.Builder out = null; // its build() takes the fields without another copy
        int kept = 0;
        int seen = 0;
        for (Map.Entry<String, FieldValue> e : in.entrySet()) {
            String name = e.getKey();
            FieldValue original = e.getValue();
            Chain chain = chains.get(name);
            if (chain == null) {
                chain = chains.computeIfAbsent(name, this::chainFor);
            }
            FieldValue v = original;
            FieldStep[] steps = chain.steps;
            String[] names = chain.namesAtStep;
            for (int i = 0; i < steps.length && v != null; i++) {
                v = steps[i].apply(record, names[i], v);
            }
            boolean same = v == original && chain.outName.equals(name);
            if (!same && out == null) {
                // first change: the same record so far, with the fields before this one unchanged
                out = AssetRecord.builder(record.path(), record.assetType(), record.timestamp(), in.size());
                record.context().forEach(out::context);
                int k = 0;
                for (Map.Entry<String, FieldValue> before : in.entrySet()) {
                    if (k++ == seen) {
                        break;
                    }
                    out.field(before.getKey(), before.getValue());
                    kept++;
                }
            }
            if (out != null && v != null) {
                out.field(chain.outName, v);
                kept++;
            }
            seen++;
        }
        if (out == null) {
            return record;
        }
        return kept == 0 ? null : out.build();
    }

    private Chain chainFor(String field) {
        List<FieldStep> steps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String name = field;
        for (Line l : lines) {
            if (!l.field.matcher(name).matches()) {
                continue;
            }
            if (l.renameTo != null) {
                name = l.renameTo;
            } else {
                steps.add(l.step);
                names.add(name);
            }
        }
        return new Chain(steps.toArray(new FieldStep[0]), names.toArray(new String[0]), name);
    }

    private record Line(Pattern field, FieldStep step, String renameTo) {
    }

    private record Chain(FieldStep[] steps, String[] namesAtStep, String outName) {
    }
}
