package io.plantwire.runtime.launch;

import java.util.logging.LogManager;

/**
 * The JDK's log manager, except that it keeps its handlers while the JVM shuts down. The JDK's own shutdown hook
 * resets logging (removes and closes every handler) in parallel with the gateway's hook that stops the framework, so
 * what bundles log while they stop (Jetty stopped, sinks flushed, a stop that failed) would be lost at random.
 * The file handler flushes every record, so nothing needs closing at exit.
 */
public class GatewayLogManager extends LogManager {

    static final String MANAGER_PROPERTY = "java.util.logging.manager";

    /** Used by {@link LogManager} (loaded by class name from {@value #MANAGER_PROPERTY}). */
    public GatewayLogManager() {
    }

    @Override
    public void reset() {
        if (jvmShuttingDown()) {
            return;
        }
        super.reset();
    }

    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> {
        });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shutdownInProgress) {
            return true;
        }
    }
}
