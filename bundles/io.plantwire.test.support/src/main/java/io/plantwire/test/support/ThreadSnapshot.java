package io.plantwire.test.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The live threads of this JVM at one moment, to find the threads something started and left behind: take a
 * snapshot before, another after, and ask {@link #startedSince} for the difference.
 *
 * <p>Threads are compared by identity, not by name: a driver that ends its thread and starts a new one with the
 * same name is still seen.
 */
public final class ThreadSnapshot {

    /**
     * Threads the JVM or a test tool starts on its own and that no bundle owns: the common fork/join pool (its
     * workers idle out after a minute) and Awaitility's condition-evaluation threads.
     */
    public static final Predicate<Thread> SHARED_BY_THE_JVM = t -> t.getName().startsWith("ForkJoinPool.commonPool-worker")
            || t.getName().startsWith("awaitility");

    private final Set<Thread> threads;

    private ThreadSnapshot(Set<Thread> threads) {
        this.threads = threads;
    }

    /** The threads alive now. */
    public static ThreadSnapshot take() {
        Set<Thread> live = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                live.add(t);
            }
        }
        return new ThreadSnapshot(live);
    }

    /**
     * The threads alive now that were not alive in this snapshot, except the calling thread and threads
     * {@link #SHARED_BY_THE_JVM}.
     */
    public List<Thread> startedSince() {
        List<Thread> added = new ArrayList<>();
        Thread self = Thread.currentThread();
        for (Thread t : take().threads) {
            if (!threads.contains(t) && t != self && !SHARED_BY_THE_JVM.test(t)) {
                added.add(t);
            }
        }
        return added;
    }

    /** Names of the threads {@link #startedSince}, for failure messages. */
    public List<String> namesStartedSince() {
        List<String> names = new ArrayList<>();
        for (Thread t : startedSince()) {
            names.add(t.getName());
        }
        Collections.sort(names);
        return names;
    }

    /** How many threads are in this snapshot. */
    public int size() {
        return threads.size();
    }
}
