package io.plantwire.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoredRecord;

/**
 * A real child JVM appends to a queue and is killed with SIGKILL; the reopened queue must hold every record the
 * child reported as appended and not acknowledged, in order, with nothing in between missing. Three rounds on the
 * same directory, so recovery of a recovered log is covered too.
 */
class KillNineTest {

    @TempDir
    Path dir;

    @Test
    void everyRecordReportedAsStoredSurvivesKillNine() throws Exception {
        long segmentBytes = 64 * 1024; // small segments: the kill lands amid rolling and deleting segments
        long lastAppended = -1;
        for (int round = 0; round < 3; round++) {
            Report r = runAndKill(segmentBytes, 40_000);
            assertThat(r.opened).as("positions continue after a crash").isEqualTo(lastAppended + 1);
            lastAppended = r.lastAppended;
            try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults()
                    .withSegmentBytes(segmentBytes))) {
                long head = q.headPosition();
                assertThat(head).as("acknowledgements survive").isGreaterThan(r.lastAcknowledged);
                assertThat(head).as("nothing unacknowledged is lost").isLessThanOrEqualTo(r.lastIntended + 1);
                long expected = head;
                long from = head;
                while (true) {
                    List<StoredRecord> batch = q.read(from, 5000, Long.MAX_VALUE);
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (StoredRecord rec : batch) {
                        assertThat(rec.position()).isEqualTo(expected);
                        assertThat(new String(rec.payload(), StandardCharsets.US_ASCII))
                                .isEqualTo("record " + expected);
                        expected++;
                    }
                    from = expected;
                }
                // every reported append is there; a record appended after the last report may be there too
                assertThat(expected - 1).isGreaterThanOrEqualTo(r.lastAppended);
                assertThat(expected - 1).isLessThanOrEqualTo(r.lastAppended + 65);
                lastAppended = expected - 1;
            }
        }
    }

    private Report runAndKill(long segmentBytes, long appendsBeforeKill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(), dir.toString(), Long.toString(segmentBytes))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Report r = new Report();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String line;
            boolean killed = false;
            long seen = 0;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("OPEN ")) {
                    r.opened = Long.parseLong(line.substring(5));
                } else if (line.startsWith("A ")) {
                    r.lastAppended = Long.parseLong(line.substring(2));
                    r.reportedAppends++;
                    if (++seen >= appendsBeforeKill && !killed) {
                        // SIGKILL from outside: Process.destroyForcibly would also close our end of the pipe
                        assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start()
                                .waitFor()).isZero();
                        killed = true;
                    }
                } else if (line.startsWith("I ")) {
                    r.lastIntended = Long.parseLong(line.substring(2));
                } else if (line.startsWith("K ")) {
                    r.lastAcknowledged = Long.parseLong(line.substring(2));
                }
                // lines already in the pipe were reported before the kill: they count
            }
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(r.reportedAppends).isGreaterThanOrEqualTo(appendsBeforeKill);
        return r;
    }

    private static final class Report {
        long opened = -1;
        long lastAppended = -1;
        long lastAcknowledged = -1;
        long lastIntended = -1;
        long reportedAppends;
    }
}
