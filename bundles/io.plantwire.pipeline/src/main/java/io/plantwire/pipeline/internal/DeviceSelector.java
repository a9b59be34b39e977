package io.plantwire.pipeline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Device id globs ({@code *}, {@code ?}) a mapper declares in plantwire.stage.device.selector. */
final class DeviceSelector {

    static final DeviceSelector ALL = new DeviceSelector(List.of(), true);

    private final List<Pattern> patterns;
    private final boolean all;

    private DeviceSelector(List<Pattern> patterns, boolean all) {
        this.patterns = patterns;
        this.all = all;
    }

    static DeviceSelector of(String[] globs) {
        List<Pattern> ps = new ArrayList<>();
        for (String g : globs) {
            if (g == null || g.isBlank()) {
                continue;
            }
            if (g.trim().equals("*")) {
                return ALL;
            }
            StringBuilder re = new StringBuilder();
            for (char c : g.trim().toCharArray()) {
                re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            ps.add(Pattern.compile(re.toString()));
        }
        return ps.isEmpty() ? ALL : new DeviceSelector(List.copyOf(ps), false);
    }

    boolean matches(String deviceId) {
        if (all) {
            return true;
        }
        for (Pattern p : patterns) {
            if (p.matcher(deviceId).matches()) {
                return true;
            }
        }
        return false;
    }
}
