package io.plantwire.config.snapshots.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The snapshots of one gateway, one Configurator JSON document each in {@code data/snapshots/<id>.json} (owner-only:
 * a snapshot holds what Config Admin holds). The id is the UTC time it was taken ({@code 20261206-114312-045}),
 * so ids sort by age. At most {@code maxCount} are kept; the oldest go first. A snapshot equal to the newest one is
 * not written again.
 */
final class SnapshotStore {

    /** One snapshot, as listed. */
    record Entry(String id, String taken, String reason, int configurations, int features) { }

    static final Pattern ID = Pattern.compile("\\d{8}-\\d{6}-\\d{3}(-\\d{1,4})?");
    private static final DateTimeFormatter ID_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path folder;
    private final int maxCount;
    private final long maxBytes;
    private final Clock clock;
    /** The content of the newest snapshot, to skip writing the same state twice; null until known. */
    private SiteConfiguration newest;

    SnapshotStore(Path folder, int maxCount, long maxBytes, Clock clock) {
        this.folder = folder;
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    Path folder() {
        return folder;
    }

    /**
     * Writes the site as a new snapshot unless it equals the newest one, then removes the oldest beyond maxCount.
     *
     * @return the new snapshot's id, or null when it equalled the newest
     */
    synchronized String write(SiteConfiguration site, String reason) throws IOException {
        if (newest == null) {
            newest = readNewest();
        }
        if (newest != null && newest.sameAs(site)) {
            return null;
        }
        createFolder();
        Instant now = clock.instant();
        String base = ID_FORMAT.format(now);
        // Within one millisecond (or after the clock went back) the id gets a suffix above every id of that
        // millisecond, so it still sorts as the newest, also after the first of them was pruned.
        int suffix = -1;
        for (String existing : ids()) {
            if (existing.startsWith(base)) {
                suffix = Math.max(suffix, existing.length() > 19 ? Integer.parseInt(existing.substring(20)) : 0);
            }
        }
        String id = suffix < 0 ? base : base + "-" + (suffix + 1);
        Path target = folder.resolve(id + ".json");
        Path temp = folder.resolve("." + id + ".tmp");
        try (Writer out = new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8)) {
            ownerOnly(temp, "rw-------");
            SiteDocument.write(site, now.toString(), reason, out);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        newest = site;
        prune();
        return id;
    }

    /** The snapshots, newest first. A file that cannot be read is listed with the reason instead of its content. */
    synchronized List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String id : ids()) {
            try {
                SiteDocument.Parsed p = read(id);
                out.add(new Entry(id, p.taken(), p.reason(), p.site().configurations().size(),
                        p.site().features().size()));
            } catch (SiteDocumentException e) {
                out.add(new Entry(id, "", "unreadable: " + e.getMessage(), 0, 0));
            }
        }
        return out;
    }

    /** The snapshot with this id. */
    synchronized SiteDocument.Parsed read(String id) throws SiteDocumentException {
        if (id == null || !ID.matcher(id).matches()) {
            throw new SiteDocumentException("'" + SiteDocument.quote(id) + "' is not a snapshot id "
                    + "(plantwire:config snapshots lists them, e.g. 20261206-114312-045)");
        }
        Path file = folder.resolve(id + ".json");
        if (!Files.isRegularFile(file)) {
            throw new SiteDocumentException("no snapshot " + id + " in " + folder);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return SiteDocument.read(in, "snapshot " + id, maxBytes);
        } catch (IOException e) {
            throw new SiteDocumentException("snapshot " + id + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Ids, newest first. */
    private List<String> ids() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).filter(n -> ID.matcher(n).matches())
                    .sorted(Comparator.comparing(SnapshotStore::sortKey).reversed()).toList();
        }
    }

    /** "20261206-114312-045-2" after "...-045-1" after "...-045". */
    private static String sortKey(String id) {
        int extra = id.length() > 19 ? Integer.parseInt(id.substring(20)) : 0;
        return id.substring(0, 19) + String.format("%05d", extra);
    }

    private SiteConfiguration readNewest() throws IOException {
        for (String id : ids()) {
            try {
                return read(id).site();
            } catch (SiteDocumentException unreadable) {
                // an unreadable newest file: compare with nothing, write the new one
                return null;
            }
        }
        return null;
    }

    private void prune() throws IOException {
        List<String> ids = ids();
        for (String id : ids.subList(Math.min(maxCount, ids.size()), ids.size())) {
            Files.deleteIfExists(folder.resolve(id + ".json"));
        }
    }

    private void createFolder() throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder);
            ownerOnly(folder, "rwx------");
        }
    }

    private static void ownerOnly(Path path, String mode) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        }
    }
}
