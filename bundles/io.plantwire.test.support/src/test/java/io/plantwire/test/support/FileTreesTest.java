package io.plantwire.test.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @Test
    void aNestedTreeIsDeletedWithItsRoot(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("store");
        Files.createDirectories(root.resolve("segments/old"));
        Files.writeString(root.resolve("segments/old/0001.seg"), "x");
        Files.writeString(root.resolve("meta.json"), "{}");

        FileTrees.delete(root);

        assertThat(root).doesNotExist();
        assertThat(dir).exists();
    }

    @Test
    void aMissingRootIsNotAnError(@TempDir Path dir) {
        assertThatCode(() -> FileTrees.delete(dir.resolve("never-made"))).doesNotThrowAnyException();
        assertThatCode(() -> FileTrees.delete(null)).doesNotThrowAnyException();
    }

    /**
     * What the write-back does to a configuration folder during a test's clean-up: files vanish while the tree is
     * walked. A walk with {@code Files.walk} throws {@code NoSuchFileException} here in most rounds.
     */
    @Test
    void filesDeletedByAnotherThreadDuringTheWalkAreNotAnError(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 5; round++) {
            Path root = dir.resolve("conf-" + round);
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                Path sub = Files.createDirectories(root.resolve("d" + (i % 20)));
                files.add(Files.writeString(sub.resolve("c" + i + ".cfg"), "name = " + i));
            }
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                    for (int i = files.size() - 1; i >= 0; i--) {
                        Files.deleteIfExists(files.get(i));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            go.countDown();
            FileTrees.delete(root);
            other.join();
            assertThat(root).as("round %d", round).doesNotExist();
        }
    }
}
