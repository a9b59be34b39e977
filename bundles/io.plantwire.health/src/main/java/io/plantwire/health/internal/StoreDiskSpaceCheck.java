package io.plantwire.health.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.plantwire.health.GatewayHealth;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The file system holding the data directory (the sinks' store-and-forward queues, dead letters, configuration)
 * has at least {@code minFreeDiskBytes} free: a full disk is where a store stops taking records.
 */
@Component(service = HealthCheck.class, immediate = true, property = {
    HealthCheck.NAME + "=" + CheckNames.STORE,
    HealthCheck.TAGS + "=" + GatewayHealth.TAG,
    HealthCheck.TAGS + "=" + CheckNames.STORE,
    CheckNames.RESULT_CACHE_TTL
})
public final class StoreDiskSpaceCheck implements HealthCheck {

    private final HealthThresholds thresholds;

    @Activate
    public StoreDiskSpaceCheck(@Reference(name = "thresholds") HealthThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public Result execute() {
        return Finding.result(List.of(judge(thresholds.dataDirectory(), thresholds.minFreeDiskBytes())));
    }

    static Finding judge(Path directory, long minFreeBytes) {
        try {
            FileStore store = Files.getFileStore(existingAncestor(directory));
            long free = store.getUsableSpace();
            String text = "data directory " + Finding.foreign(directory.toString()) + ": " + mebibytes(free)
                    + " free of " + mebibytes(store.getTotalSpace());
            return free < minFreeBytes
                    ? Finding.critical(text + ", below minFreeDiskBytes=" + minFreeBytes)
                    : Finding.ok(text);
        } catch (IOException | RuntimeException e) {
            return Finding.critical("data directory " + Finding.foreign(directory.toString())
                    + ": free space unknown: " + Finding.foreign(e.toString()));
        }
    }

    /** The data directory may not exist yet on a fresh gateway; its file system is its nearest existing parent's. */
    static Path existingAncestor(Path directory) throws IOException {
        Path p = directory.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IOException("no part of the path exists");
        }
        return p;
    }

    static String mebibytes(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
