package io.plantwire.config.snapshots.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Which configurations belong to the site and which properties of them: everything but the framework's own
 * configurations and the gateway-local ones named by glob patterns ({@code org.apache.felix.*},
 * {@code io.plantwire.console.access}); of each configuration every property but Config Admin's, FileInstall's and
 * the feature installer's bookkeeping.
 */
final class SiteScope {

    /** Properties Config Admin, FileInstall or the feature installer add: not part of what a site configures. */
    static final Set<String> BOOKKEEPING = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, "felix.fileinstall.filename", "plantwire.feature");

    /** What a PID may look like: the OSGi symbolic-name characters, '~' once, a factory name of printable text. */
    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_.-]{1,200}(~[\\p{Graph} ]{1,200})?");

    private final List<Pattern> excluded;
    private final List<String> excludedGlobs;

    SiteScope(String[] excludedGlobs) {
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : excludedGlobs) {
            String g = glob.trim();
            if (g.isEmpty()) {
                continue;
            }
            if (!g.matches("[A-Za-z0-9_.*~-]+")) {
                throw new IllegalArgumentException("excludedPids: '" + glob
                        + "' is not a PID pattern (letters, digits, . _ - ~ and * as wildcard)");
            }
            patterns.add(Pattern.compile(Pattern.quote(g).replace("*", "\\E.*\\Q")));
        }
        this.excluded = List.copyOf(patterns);
        this.excludedGlobs = List.of(excludedGlobs);
    }

    /** Whether the configuration with this PID (or factoryPid~name) is part of the site. */
    boolean includes(String pid) {
        String factory = SiteConfiguration.factoryPid(pid);
        String base = factory != null ? factory : pid;
        for (Pattern p : excluded) {
            if (p.matcher(base).matches() || p.matcher(pid).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Whether the property is bookkeeping (dropped from the site and kept as the target has it on an import). */
    static boolean bookkeeping(String key) {
        return BOOKKEEPING.contains(key) || key.startsWith(":");
    }

    static boolean validPid(String pid) {
        return PID.matcher(pid).matches();
    }

    List<String> excludedGlobs() {
        return excludedGlobs;
    }
}
