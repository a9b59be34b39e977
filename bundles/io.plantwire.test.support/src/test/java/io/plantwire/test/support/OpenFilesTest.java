package io.plantwire.test.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFilesTest {

    @Test
    void aSocketAndAFileOpenedAfterTheSnapshotAreListedUntilClosed(@TempDir Path dir) throws IOException {
        assumeTrue(OpenFiles.countable(), "/proc/self/fd is Linux only");
        Path file = Files.writeString(dir.resolve("points.csv"), "a,b\n");
        OpenFiles before = OpenFiles.take();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); InputStream in = Files.newInputStream(file)) {
            assertThat(before.openedSince()).anyMatch(d -> d.contains("socket:")).anyMatch(d -> d.endsWith("points.csv"));
        }
        assertThat(before.openedSince()).isEmpty();
    }

    @Test
    void theListingsOwnHandleIsNotCounted() {
        assumeTrue(OpenFiles.countable(), "/proc/self/fd is Linux only");
        assertThat(OpenFiles.take().all()).noneMatch(d -> d.contains("/proc/"));
    }
}
