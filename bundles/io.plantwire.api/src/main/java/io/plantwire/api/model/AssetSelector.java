package io.plantwire.api.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Selects assets by their ISA-95 path with globs, for stages that serve only some assets.
 *
 * <p>A pattern has the levels of a path separated by {@code /}. Within a level, {@code *} matches any run of
 * characters and {@code ?} one character. A level of exactly {@code **} matches any number of levels, including
 * none. Examples:
 * <ul>
 * <li>{@code acme/rotterdam/tankfarm/line-1/cell-a/tank-1} — one asset;</li>
 * <li>{@code acme/rotterdam/tankfarm/**} — everything in the tank farm;</li>
 * <li>{@code ** /tank-*} (without the space) — every asset whose name starts with {@code tank-};</li>
 * <li>{@code **} — every asset (the default when a stage declares no selector).</li>
 * </ul>
 * A selector built from several patterns matches a path if any pattern does.
 */
public final class AssetSelector {

    /** Matches every asset. */
    public static final AssetSelector ALL = new AssetSelector(List.of("**"));

    private final List<String> patterns;
    private final List<Pattern[]> compiled;
    private final boolean matchesAll;

    private AssetSelector(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        List<Pattern[]> c = new ArrayList<>(patterns.size());
        boolean all = false;
        for (String p : patterns) {
            c.add(compile(p));
            all |= p.equals("**");
        }
        this.compiled = c;
        this.matchesAll = all;
    }

    /**
     * A selector from one or more patterns. No pattern (or only blank ones) means {@link #ALL}.
     *
     * @throws IllegalArgumentException naming the pattern when one is malformed
     */
    public static AssetSelector of(String... patterns) {
        if (patterns == null) {
            return ALL;
        }
        List<String> ps = new ArrayList<>();
        for (String p : patterns) {
            if (p != null && !p.isBlank()) {
                ps.add(p.trim());
            }
        }
        return ps.isEmpty() ? ALL : new AssetSelector(ps);
    }

    private static Pattern[] compile(String pattern) {
        String[] levels = pattern.split("/", -1);
        if (levels.length > 6 && Arrays.stream(levels).noneMatch("**"::equals)) {
            throw new IllegalArgumentException("asset selector '" + pattern + "' has more than 6 levels");
        }
        Pattern[] out = new Pattern[levels.length];
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.isEmpty()) {
                throw new IllegalArgumentException("asset selector '" + pattern + "' has an empty level at position "
                        + (i + 1));
            }
            if (level.equals("**")) {
                out[i] = null; // any number of levels
                continue;
            }
            if (level.contains("**")) {
                throw new IllegalArgumentException("asset selector '" + pattern
                        + "': '**' must be a whole level, found in '" + level + "'");
            }
            StringBuilder re = new StringBuilder();
            for (char ch : level.toCharArray()) {
                if (ch == '*') {
                    re.append("[^/]*");
                } else if (ch == '?') {
                    re.append("[^/]");
                } else if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '-' || ch == '.') {
                    re.append(Pattern.quote(String.valueOf(ch)));
                } else {
                    throw new IllegalArgumentException("asset selector '" + pattern + "' has an illegal character '"
                            + ch + "' in level '" + level + "'");
                }
            }
            out[i] = Pattern.compile(re.toString());
        }
        return out;
    }

    /** Whether the asset at this path is selected. */
    public boolean matches(Isa95Path path) {
        if (matchesAll) {
            return true;
        }
        List<String> levels = path.levels();
        for (Pattern[] p : compiled) {
            if (match(p, 0, levels, 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean match(Pattern[] p, int pi, List<String> levels, int li) {
        if (pi == p.length) {
            return li == levels.size();
        }
        if (p[pi] == null) { // '**'
            for (int skip = li; skip <= levels.size(); skip++) {
                if (match(p, pi + 1, levels, skip)) {
                    return true;
                }
            }
            return false;
        }
        return li < levels.size() && p[pi].matcher(levels.get(li)).matches() && match(p, pi + 1, levels, li + 1);
    }

    /** Whether this selector matches every asset. */
    public boolean matchesAll() {
        return matchesAll;
    }

    /** The patterns, as given. */
    public List<String> patterns() {
        return patterns;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssetSelector && ((AssetSelector) o).patterns.equals(patterns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(patterns);
    }

    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}
