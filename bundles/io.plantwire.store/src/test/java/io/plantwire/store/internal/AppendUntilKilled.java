package io.plantwire.store.internal;

import java.io.PrintStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoreAndForwardQueue;

/**
 * The gateway stand-in for {@link KillNineTest}: appends numbered records as fast as it can with the default
 * fsync policy, acknowledging old ones as a consumer would, and reports each position only after {@code append}
 * (or {@code acknowledge}) returned, until it is killed.
 */
public final class AppendUntilKilled {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long segmentBytes = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.US_ASCII);
        StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults().withSegmentBytes(segmentBytes));
        out.println("OPEN " + q.tailPosition());
        out.flush();
        for (long i = 0;; i++) {
            long p = q.append(("record " + (q.tailPosition())).getBytes(StandardCharsets.US_ASCII));
            out.println("A " + p);
            if (i % 1000 == 999 && p > 5000) {
                out.println("I " + (p - 5000)); // the acknowledgement may happen from here on
                out.flush();
                q.acknowledge(p - 5000);
                out.println("K " + (p - 5000));
            }
            if (i % 64 == 0) {
                out.flush();
            }
        }
    }
}
