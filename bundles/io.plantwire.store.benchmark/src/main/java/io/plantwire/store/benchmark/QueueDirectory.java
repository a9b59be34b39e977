package io.plantwire.store.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoreAndForwardQueue;

/** A benchmark's queue in a temporary directory of its own, deleted with everything in it on close. */
final class QueueDirectory implements AutoCloseable {

    private final Path dir;
    final StoreAndForwardQueue queue;

    QueueDirectory(String prefix, QueueOptions options) throws IOException {
        dir = Files.createTempDirectory(prefix);
        queue = StoreAndForwardQueue.open(dir, options);
    }

    @Override
    public void close() throws IOException {
        queue.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
