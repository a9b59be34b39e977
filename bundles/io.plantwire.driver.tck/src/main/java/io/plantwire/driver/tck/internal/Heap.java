package io.plantwire.driver.tck.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after garbage collection: what is really kept, not what waits to be collected. */
public final class Heap {

    private Heap() {
    }

    /**
     * Collects until two measurements in a row differ by less than 1 % (at most 8 collections) and returns the
     * bytes in use.
     */
    public static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 8; i++) {
            System.gc();
            used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < used / 100) {
                break;
            }
            previous = used;
        }
        return used;
    }
}
