package io.plantwire.config.snapshots.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code plantwire:config} in the Gogo shell: {@code export [file]}, {@code import [--dry-run] <file>},
 * {@code snapshots}, {@code snapshot [reason]}, {@code diff <id>}, {@code restore [--dry-run] <id>}. Relative files
 * are resolved against the gateway home. Errors come back as text that names what was wrong; a refused import or
 * restore changed nothing.
 */
@Component(service = ConfigCommands.class, property = {
        "osgi.command.scope=plantwire",
        "osgi.command.function=config" })
public class ConfigCommands {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: plantwire:config export [file]            the site configuration as a Configurator JSON document",
            "       plantwire:config import [--dry-run] <file> show the difference, then apply it all or nothing",
            "       plantwire:config snapshots                 the snapshots in data/snapshots, newest first",
            "       plantwire:config snapshot [reason]         take a snapshot now",
            "       plantwire:config diff <id>                 what restoring snapshot <id> would change",
            "       plantwire:config restore [--dry-run] <id>  bring back snapshot <id>");

    private final SiteConfigurations site;
    private final Path home;

    @Activate
    public ConfigCommands(@Reference SiteConfigurations site, BundleContext context) {
        this.site = site;
        String h = context.getProperty("plantwire.home");
        this.home = Paths.get(h != null ? h : System.getProperty("user.dir")).toAbsolutePath();
    }

    public String config() {
        return USAGE;
    }

    public String config(String command) {
        return run(command, List.of());
    }

    public String config(String command, String argument) {
        return run(command, List.of(argument));
    }

    public String config(String command, String first, String second) {
        return run(command, List.of(first, second));
    }

    String run(String command, List<String> args) {
        boolean dryRun = args.contains("--dry-run");
        List<String> rest = args.stream().filter(a -> !a.equals("--dry-run")).toList();
        try {
            switch (command) {
                case "export":
                    return rest.isEmpty() ? site.export() : exportTo(rest.get(0));
                case "import":
                    return rest.size() == 1 ? importFrom(rest.get(0), dryRun) : USAGE;
                case "snapshots":
                    return listSnapshots();
                case "snapshot":
                    return "snapshot " + site.snapshotNow(rest.isEmpty() ? "taken from the shell"
                            : "shell: " + rest.get(0)) + " in " + site.snapshotFolder();
                case "diff":
                    return rest.size() == 1 ? site.restorePlan(rest.get(0)).render() : USAGE;
                case "restore":
                    return rest.size() == 1 ? restore(rest.get(0), dryRun) : USAGE;
                default:
                    return "unknown command '" + SiteDocument.quote(command) + "'" + System.lineSeparator() + USAGE;
            }
        } catch (SiteDocumentException e) {
            return "refused: " + e.getMessage();
        } catch (Exception e) {
            return "failed: " + SiteDocument.quote(String.valueOf(e));
        }
    }

    private String exportTo(String file) throws IOException, SiteDocumentException {
        Path target = home.resolve(file).normalize();
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (Writer out = new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8)) {
            site.export(out);
        } catch (IOException | SiteDocumentException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return "exported to " + target;
    }

    private String importFrom(String file, boolean dryRun) throws Exception {
        Path source = home.resolve(file).normalize();
        if (!Files.isRegularFile(source)) {
            return "refused: " + source + " is not a file";
        }
        SiteDocument.Parsed parsed;
        try (InputStream in = Files.newInputStream(source)) {
            parsed = site.read(in, source.getFileName().toString());
        }
        SiteConfiguration document = site.site(parsed);
        SiteImport.Plan plan = site.plan(document);
        if (dryRun || !plan.problems().isEmpty()) {
            return plan.render() + (dryRun && plan.problems().isEmpty()
                    ? System.lineSeparator() + "dry run: nothing was changed" : "");
        }
        SiteConfigurations.Applied applied = site.apply(document, "import " + source.getFileName());
        return applied(applied, "imported " + source.getFileName());
    }

    private String restore(String id, boolean dryRun) throws Exception {
        if (dryRun) {
            SiteImport.Plan plan = site.restorePlan(id);
            return plan.render() + (plan.problems().isEmpty() ? System.lineSeparator() + "dry run: nothing was changed"
                    : "");
        }
        return applied(site.restore(id), "restored " + id);
    }

    private static String applied(SiteConfigurations.Applied applied, String what) {
        if (applied.snapshotBefore() == null) {
            return "no differences: nothing to change";
        }
        return applied.plan().diff().render() + System.lineSeparator() + what + "; the state before is snapshot "
                + applied.snapshotBefore() + " (plantwire:config restore " + applied.snapshotBefore() + ")";
    }

    private String listSnapshots() throws IOException {
        List<SnapshotStore.Entry> all = site.snapshots();
        if (all.isEmpty()) {
            return "no snapshots in " + site.snapshotFolder() + System.lineSeparator() + site.recorderStatus();
        }
        StringBuilder out = new StringBuilder(String.format("%-21s %-26s %7s %8s  %s%n", "ID", "TAKEN", "CONFIGS",
                "FEATURES", "REASON"));
        for (SnapshotStore.Entry e : all) {
            out.append(String.format("%-21s %-26s %7d %8d  %s%n", e.id(), e.taken(), e.configurations(), e.features(),
                    e.reason()));
        }
        return out.append(all.size()).append(" snapshot(s) in ").append(site.snapshotFolder())
                .append(System.lineSeparator()).append(site.recorderStatus()).toString();
    }
}
