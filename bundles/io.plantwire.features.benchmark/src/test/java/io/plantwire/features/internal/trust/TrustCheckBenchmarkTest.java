package io.plantwire.features.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's state driven by hand (not through JMH): every operation it times must be the successful check,
 * not a refusal (a refused jar is cheaper and would make the score look better than the real cost), and the jar must
 * have the size the parameter says.
 */
class TrustCheckBenchmarkTest {

    @Test
    void everyTimedOperationIsAnAdmittedCheck() throws Exception {
        TrustCheckBenchmark benchmark = new TrustCheckBenchmark();
        benchmark.megabytes = 1;
        benchmark.setUp();
        try {
            assertThatCode(benchmark::signedJar).doesNotThrowAnyException();
            assertThatCode(benchmark::featureSignature).doesNotThrowAnyException();
            assertThat(benchmark.stageCopyWithHash()).matches("[0-9a-f]{64}");
            assertThat(benchmark.stageCopy()).isGreaterThan(1024L * 1024);
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void theJarHasTheSizeOfItsParameter(@TempDir Path dir) throws Exception {
        Path jar = TrustCheckBenchmark.jar(dir.resolve("b.jar"), 2);
        // 32 entries of 64 KiB of random bytes: stored about as large as they are.
        assertThat(Files.size(jar)).isBetween(2L * 1024 * 1024, 2L * 1024 * 1024 + 64 * 1024);
    }
}
