package io.plantwire.features.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.plantwire.features.ChangeReport;
import io.plantwire.features.FeatureException;

/**
 * The watched folder: a feature JSON file dropped in is installed, a changed one updated, a deleted one uninstalled.
 * Polled ({@link FolderPoll}) like the deploy folder next to it.
 */
final class FeatureFolderWatcher {

    private static final System.Logger LOG = System.getLogger(FeatureFolderWatcher.class.getName());

    private final FeatureInstaller installer;
    private final Path folder;
    private final long intervalMs;
    private final Map<Path, FileTime> seen = new HashMap<>();
    private final Map<Path, String> installedFrom = new HashMap<>();
    private final FolderPoll poll;
    private boolean firstScan = true;

    FeatureFolderWatcher(FeatureInstaller installer, Path folder, long intervalMs) {
        this.installer = installer;
        this.folder = folder;
        this.intervalMs = intervalMs;
        this.poll = new FolderPoll("plantwire-features-watch " + folder, folder, intervalMs, this::scan);
    }

    Path folder() {
        return folder;
    }

    private static boolean changed(ChangeReport r) {
        return !(r.installed().isEmpty() && r.updated().isEmpty() && r.uninstalled().isEmpty()
                && r.configurationsCreated().isEmpty() && r.configurationsUpdated().isEmpty()
                && r.configurationsDeleted().isEmpty());
    }

    void start() {
        poll.start();
    }

    void stop() {
        poll.stop(10_000);
    }

    /** One pass over the folder; package-private so tests can drive it without waiting. */
    void scan() {
        Set<Path> present;
        try {
            present = FolderPoll.files(folder, "*.json");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list watched folder " + folder + ": " + e.getMessage());
            return;
        }
        for (Path file : present) {
            FileTime modified;
            try {
                modified = Files.getLastModifiedTime(file);
            } catch (IOException e) {
                continue; // deleted between listing and now; the next pass sees it gone
            }
            FileTime before = seen.put(file, modified);
            if (before != null && before.equals(modified)) {
                continue;
            }
            String id = installer.installedFeatureFrom(file);
            try {
                if (id == null) {
                    LOG.log(System.Logger.Level.INFO, installer.installFeature(file.toString()).toString());
                } else {
                    // Changed, or first sight after a restart: the file and the repository are what this feature
                    // is at every start, so bring it in line (a no-op when nothing changed while it was stopped).
                    ChangeReport report = installer.updateFeature(file.toString());
                    if (before != null || changed(report)) {
                        LOG.log(System.Logger.Level.INFO, report.toString());
                    }
                }
                String now = installer.installedFeatureFrom(file);
                if (now != null) {
                    installedFrom.put(file, now);
                }
            } catch (FeatureException e) {
                LOG.log(System.Logger.Level.ERROR, "watched folder: " + e.getMessage());
            }
        }
        if (firstScan) {
            firstScan = false;
            // A file deleted while the gateway was stopped: its feature goes, as it would have with the gateway up.
            for (String id : installer.featuresWhoseFileLeft(folder)) {
                try {
                    LOG.log(System.Logger.Level.INFO, installer.uninstallFeature(id).toString()
                            + " (its file left " + folder + " while the gateway was stopped)");
                } catch (FeatureException e) {
                    LOG.log(System.Logger.Level.ERROR, "watched folder: " + e.getMessage());
                }
            }
        }
        for (Path file : Set.copyOf(seen.keySet())) {
            if (!present.contains(file)) {
                seen.remove(file);
                String id = installedFrom.remove(file);
                if (id != null && installer.isInstalled(id)) {
                    try {
                        LOG.log(System.Logger.Level.INFO, installer.uninstallFeature(id).toString());
                    } catch (FeatureException e) {
                        LOG.log(System.Logger.Level.ERROR, "watched folder: " + e.getMessage());
                    }
                }
            }
        }
    }
}
