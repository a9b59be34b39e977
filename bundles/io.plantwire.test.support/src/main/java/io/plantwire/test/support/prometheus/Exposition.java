package io.plantwire.test.support.prometheus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A parsed exposition: metric families in the order they appeared. {@link #parse} checks, and fails with the line
 * number and what is wrong: line syntax, metric and label names, label value escapes, numbers, TYPE/HELP/UNIT
 * placement (before the family's samples, once each), families contiguous, sample names belonging to their family's
 * type, no duplicate series, counters not negative, histogram buckets cumulative with a {@code +Inf} bucket equal to
 * {@code _count}; for OpenMetrics also the {@code # EOF} terminator, no blank lines, and counter families named
 * without {@code _total}.
 */
public final class Exposition {

    /** Which text format to parse. */
    public enum Format {
        /** {@code text/plain; version=0.0.4}. */
        PROMETHEUS_TEXT,
        /** {@code application/openmetrics-text; version=1.0.0}. */
        OPENMETRICS
    }

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
        /** The value of a label, or null. */
        public String label(String name) {
            return labels.get(name);
        }
    }

    /** One metric family: its TYPE (untyped/unknown when none was given), HELP, UNIT and samples. */
    public record Family(String name, String type, String help, String unit, List<Sample> samples) {
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TEXT_TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final Set<String> OM_TYPES = Set.of("counter", "gauge", "histogram", "gaugehistogram",
            "stateset", "info", "summary", "unknown");

    private final Map<String, Family> families;

    private Exposition(Map<String, Family> families) {
        this.families = families;
    }

    /** Parses a whole exposition; throws {@link IllegalArgumentException} naming the line on the first error. */
    public static Exposition parse(String text, Format format) {
        return new Parser(text, format).parse();
    }

    public Map<String, Family> families() {
        return Collections.unmodifiableMap(families);
    }

    /** The family of this name; fails naming the families there are when it is absent. */
    public Family family(String name) {
        Family f = families.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no metric family " + name + " in the exposition; there are "
                    + families.keySet());
        }
        return f;
    }

    /** Every sample of this sample name (e.g. {@code x_total}) whose labels include the given pairs. */
    public List<Sample> samples(String sampleName, String... labelPairs) {
        Map<String, String> wanted = pairs(labelPairs);
        List<Sample> out = new ArrayList<>();
        for (Family f : families.values()) {
            for (Sample s : f.samples()) {
                if (s.name().equals(sampleName) && s.labels().entrySet().containsAll(wanted.entrySet())) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The value of the one sample of this name with exactly these labels, if present. */
    public Optional<Double> value(String sampleName, String... labelPairs) {
        Map<String, String> wanted = pairs(labelPairs);
        return samples(sampleName, labelPairs).stream().filter(s -> s.labels().equals(wanted))
                .map(Sample::value).findFirst();
    }

    /** The sum over the samples of this name whose labels include the given pairs (0 when there are none). */
    public double sum(String sampleName, String... labelPairs) {
        return samples(sampleName, labelPairs).stream().mapToDouble(Sample::value).sum();
    }

    /** The samples of this name that satisfy a condition on their labels. */
    public List<Sample> samplesWhere(String sampleName, Predicate<Map<String, String>> labels) {
        return samples(sampleName).stream().filter(s -> labels.test(s.labels())).toList();
    }

    private static Map<String, String> pairs(String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("label pairs come in name, value pairs");
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            m.put(labelPairs[i], labelPairs[i + 1]);
        }
        return m;
    }

    private static final class Parser {
        private final String text;
        private final Format format;
        private final Map<String, Family> families = new LinkedHashMap<>();
        private final Map<String, String> types = new LinkedHashMap<>();
        private final Map<String, String> helps = new LinkedHashMap<>();
        private final Map<String, String> units = new LinkedHashMap<>();
        private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
        private final Set<String> closed = new HashSet<>();
        private final Set<String> series = new HashSet<>();
        private String current;
        private int lineNo;

        Parser(String text, Format format) {
            this.text = text;
            this.format = format;
        }

        Exposition parse() {
            boolean om = format == Format.OPENMETRICS;
            String[] lines = text.split("\n", -1);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                fail("the exposition does not end with a line feed");
            }
            boolean eof = false;
            for (int i = 0; i < lines.length - 1; i++) {
                lineNo = i + 1;
                String line = lines[i];
                if (eof) {
                    fail("text after # EOF");
                }
                if (line.endsWith("\r")) {
                    fail("carriage return at the end of the line");
                }
                if (line.isEmpty()) {
                    if (om) {
                        fail("blank line (not allowed in OpenMetrics)");
                    }
                    continue;
                }
                if (line.startsWith("#")) {
                    if (om && line.equals("# EOF")) {
                        eof = true;
                        continue;
                    }
                    comment(line, om);
                    continue;
                }
                sample(line, om);
            }
            if (om && !eof) {
                fail("no # EOF at the end of the OpenMetrics exposition");
            }
            for (String name : familyNames()) {
                String type = types.getOrDefault(name, om ? "unknown" : "untyped");
                List<Sample> list = samples.getOrDefault(name, List.of());
                checkFamily(name, type, list);
                families.put(name, new Family(name, type, helps.get(name), units.get(name), List.copyOf(list)));
            }
            return new Exposition(families);
        }

        private List<String> familyNames() {
            List<String> names = new ArrayList<>(types.keySet());
            for (String n : helps.keySet()) {
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
            for (String n : samples.keySet()) {
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
            return names;
        }

        private void comment(String line, boolean om) {
            String[] parts = line.split(" ", 4);
            if (parts.length < 2 || !parts[0].equals("#")) {
                if (om) {
                    fail("comment that is not # HELP, # TYPE, # UNIT or # EOF: " + line);
                }
                return; // a free comment in the text format
            }
            String keyword = parts[1];
            if (!keyword.equals("HELP") && !keyword.equals("TYPE") && !(om && keyword.equals("UNIT"))) {
                if (om) {
                    fail("unknown comment keyword " + keyword);
                }
                return;
            }
            if (parts.length < 3) {
                fail(keyword + " without a metric name");
            }
            String name = parts[2];
            if (!METRIC_NAME.matcher(name).matches()) {
                fail("invalid metric name in " + keyword + ": " + name);
            }
            enter(name);
            if (samples.containsKey(name)) {
                fail(keyword + " for " + name + " after its samples");
            }
            String rest = parts.length == 4 ? parts[3] : "";
            switch (keyword) {
                case "HELP" -> {
                    if (helps.put(name, unescapeHelp(rest)) != null) {
                        fail("second HELP for " + name);
                    }
                }
                case "TYPE" -> {
                    if (!(om ? OM_TYPES : TEXT_TYPES).contains(rest)) {
                        fail("unknown type '" + rest + "' for " + name);
                    }
                    if (om && rest.equals("counter") && name.endsWith("_total")) {
                        fail("OpenMetrics counter family " + name + " must be named without _total");
                    }
                    if (types.put(name, rest) != null) {
                        fail("second TYPE for " + name);
                    }
                }
                default -> {
                    if (units.put(name, rest) != null) {
                        fail("second UNIT for " + name);
                    }
                    if (!rest.isEmpty() && !name.endsWith("_" + rest)) {
                        fail("metric " + name + " does not end with its unit " + rest);
                    }
                }
            }
        }

        /** Families are contiguous: once another family started, this one may not come back. */
        private void enter(String family) {
            if (family.equals(current)) {
                return;
            }
            if (closed.contains(family)) {
                fail("family " + family + " appears again after other families");
            }
            if (current != null) {
                closed.add(current);
            }
            current = family;
        }

        private void sample(String line, boolean om) {
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
                i++;
            }
            String name = line.substring(0, i);
            if (!METRIC_NAME.matcher(name).matches()) {
                fail("invalid metric name: " + name);
            }
            Map<String, String> labels = new TreeMap<>();
            if (i < line.length() && line.charAt(i) == '{') {
                i = labels(line, i + 1, labels);
            }
            if (i >= line.length() || line.charAt(i) != ' ') {
                fail("expected a blank before the value");
            }
            String[] rest = line.substring(i + 1).split(" ", -1);
            if (rest.length < 1 || rest.length > (om ? 4 : 2)) {
                fail("expected value [timestamp], got: " + line.substring(i + 1));
            }
            double value = number(rest[0], om);
            if (rest.length >= 2 && !rest[1].equals("#")) {
                timestamp(rest[1], om);
            }
            String family = familyOf(name, labels);
            enter(family);
            String key = name + labels;
            if (!series.add(key)) {
                fail("duplicate series " + key);
            }
            samples.computeIfAbsent(family, k -> new ArrayList<>()).add(new Sample(name, Map.copyOf(labels), value));
        }

        /** The family a sample name belongs to, given the TYPEs seen so far. */
        private String familyOf(String name, Map<String, String> labels) {
            if (types.containsKey(name) && !suffixed(types.get(name))) {
                return name;
            }
            for (String suffix : List.of("_total", "_created", "_bucket", "_sum", "_count", "_info", "_gsum",
                    "_gcount")) {
                if (name.endsWith(suffix)) {
                    String base = name.substring(0, name.length() - suffix.length());
                    String type = types.get(base);
                    if (type != null && allowed(type, suffix)) {
                        return base;
                    }
                }
            }
            if (types.containsKey(name)) {
                String type = types.get(name);
                if (type.equals("counter") && format == Format.PROMETHEUS_TEXT) {
                    return name; // a text-format counter family may carry the _total in its name
                }
                if (type.equals("summary") && labels.containsKey("quantile")) {
                    return name;
                }
                fail("sample " + name + " does not fit its family's type " + type);
            }
            return name; // untyped/unknown
        }

        private static boolean suffixed(String type) {
            return !type.equals("gauge") && !type.equals("untyped") && !type.equals("unknown")
                    && !type.equals("stateset");
        }

        private static boolean allowed(String type, String suffix) {
            return switch (type) {
                case "counter" -> suffix.equals("_total") || suffix.equals("_created");
                case "histogram" -> Set.of("_bucket", "_sum", "_count", "_created").contains(suffix);
                case "gaugehistogram" -> Set.of("_bucket", "_gsum", "_gcount").contains(suffix);
                case "summary" -> Set.of("_sum", "_count", "_created").contains(suffix);
                case "info" -> suffix.equals("_info");
                default -> false;
            };
        }

        private int labels(String line, int i, Map<String, String> labels) {
            if (i < line.length() && line.charAt(i) == '}') {
                return i + 1;
            }
            while (true) {
                int start = i;
                while (i < line.length() && line.charAt(i) != '=') {
                    i++;
                }
                String labelName = line.substring(start, i);
                if (!LABEL_NAME.matcher(labelName).matches() || labelName.startsWith("__")) {
                    fail("invalid label name: '" + labelName + "'");
                }
                if (i + 1 >= line.length() || line.charAt(i + 1) != '"') {
                    fail("label " + labelName + " without a quoted value");
                }
                i += 2;
                StringBuilder value = new StringBuilder();
                while (true) {
                    if (i >= line.length()) {
                        fail("unterminated value of label " + labelName);
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        if (i >= line.length()) {
                            fail("dangling backslash in label " + labelName);
                        }
                        char e = line.charAt(i++);
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> fail("invalid escape \\" + e + " in label " + labelName);
                        }
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(labelName, value.toString()) != null) {
                    fail("label " + labelName + " twice");
                }
                if (i >= line.length()) {
                    fail("unterminated label set");
                }
                char next = line.charAt(i++);
                if (next == '}') {
                    return i;
                }
                if (next != ',') {
                    fail("expected , or } after label " + labelName);
                }
                if (i < line.length() && line.charAt(i) == '}' && format == Format.PROMETHEUS_TEXT) {
                    return i + 1; // a trailing comma is allowed in the text format
                }
            }
        }

        private double number(String s, boolean om) {
            switch (s) {
                case "+Inf", "Inf" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "NaN" -> {
                    return Double.NaN;
                }
                default -> {
                    if (!s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                        fail("not a number: '" + s + "'");
                    }
                    return Double.parseDouble(s);
                }
            }
        }

        private void timestamp(String s, boolean om) {
            if (!(om ? s.matches("-?\\d+(\\.\\d+)?") : s.matches("-?\\d+"))) {
                fail("not a timestamp: '" + s + "'");
            }
        }

        private void checkFamily(String name, String type, List<Sample> list) {
            if (type.equals("counter")) {
                for (Sample s : list) {
                    if (s.value() < 0 || Double.isNaN(s.value())) {
                        fail("counter " + s.name() + s.labels() + " is " + s.value());
                    }
                }
            }
            if (type.equals("histogram")) {
                checkHistogram(name, list);
            }
            if (type.equals("stateset")) {
                for (Sample s : list) {
                    if (s.value() != 0 && s.value() != 1) {
                        fail("stateset " + name + " sample is " + s.value());
                    }
                }
            }
        }

        private void checkHistogram(String name, List<Sample> list) {
            Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
            Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
            for (Sample s : list) {
                Map<String, String> series = new TreeMap<>(s.labels());
                if (s.name().equals(name + "_bucket")) {
                    if (series.remove("le") == null) {
                        fail("histogram bucket " + s + " without le");
                    }
                    buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
                } else if (s.name().equals(name + "_count")) {
                    counts.put(series, s.value());
                }
            }
            buckets.forEach((series, bs) -> {
                double previousLe = Double.NEGATIVE_INFINITY;
                double previousCount = 0;
                for (Sample b : bs) {
                    double le = number(b.label("le"), false);
                    if (le <= previousLe) {
                        fail("histogram " + name + series + " buckets not in ascending le order");
                    }
                    if (b.value() < previousCount) {
                        fail("histogram " + name + series + " bucket le=" + b.label("le") + " is below the previous");
                    }
                    previousLe = le;
                    previousCount = b.value();
                }
                if (previousLe != Double.POSITIVE_INFINITY) {
                    fail("histogram " + name + series + " has no +Inf bucket");
                }
                Double count = counts.get(series);
                if (count != null && count != previousCount) {
                    fail("histogram " + name + series + " +Inf bucket " + previousCount + " != _count " + count);
                }
            });
        }

        private String unescapeHelp(String s) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    char e = s.charAt(++i);
                    switch (e) {
                        case '\\' -> out.append('\\');
                        case 'n' -> out.append('\n');
                        case '"' -> {
                            if (format != Format.OPENMETRICS) {
                                fail("invalid escape \\\" in HELP");
                            }
                            out.append('"');
                        }
                        default -> fail("invalid escape \\" + e + " in HELP");
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        private void fail(String message) {
            throw new IllegalArgumentException("line " + lineNo + ": " + message);
        }
    }
}
