package io.plantwire.api.stage;

import java.util.function.Supplier;

/**
 * Tells a stage that the record in hand belongs to a dry run: the pipeline is showing what would be published,
 * and nothing of it is published.
 *
 * <p>A stage that keeps state between records (a deadband's last passed value, a mapper's change detection)
 * computes its answer as usual but must not change that state while {@link #active()} is true; otherwise a dry run
 * would change what the next real reading publishes. Stateless stages need not care.
 *
 * <p>The scope is the calling thread: the pipeline runs a dry-run reading through mappers, normalizers and context
 * providers synchronously on one thread, inside {@link #run(Supplier)}.
 */
public final class Preview {

    private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

    private Preview() {
    }

    /** Whether the current thread is running a dry run. */
    public static boolean active() {
        return Boolean.TRUE.equals(ACTIVE.get());
    }

    /**
     * Runs {@code work} as a dry run on the current thread; nests.
     *
     * @param work what to run
     * @return what {@code work} returned
     */
    public static <T> T run(Supplier<T> work) {
        Boolean outer = ACTIVE.get();
        ACTIVE.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(outer);
            }
        }
    }
}
