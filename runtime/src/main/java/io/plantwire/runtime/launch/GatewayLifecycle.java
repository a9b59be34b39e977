package io.plantwire.runtime.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;

/**
 * Runs inside the bnd launcher (Embedded-Activator of a -runpath jar), right after the framework is initialised and
 * before any bundle is installed:
 * <ul>
 * <li>prepares the gateway home (conf/, deploy/, data/) and tells FileInstall and Config Admin where it is;</li>
 * <li>takes the HTTP host and port from PLANTWIRE_HTTP_HOST / PLANTWIRE_HTTP_PORT (default 127.0.0.1:8080); bnd
 * macros in the bndrun are expanded at build time, so the environment of the running gateway is read here;</li>
 * <li>sets up HTTPS from PLANTWIRE_HTTPS_* and refuses plain HTTP on a non-loopback address ({@link HttpListeners});</li>
 * <li>with {@code -Dplantwire.heap.governor=on}, lets the heap grow under load and shrink after it
 * ({@link HeapGovernor});</li>
 * <li>stops the framework on SIGTERM (or Ctrl-C): the bnd launcher only deletes its temporary storage on JVM
 * shutdown, so without this hook bundles would never be stopped and components never deactivated.</li>
 * </ul>
 */
public class GatewayLifecycle implements BundleActivator {

    /** Read by the bnd launcher: start this activator before the bundles are installed. */
    public static final String IMMEDIATE = "AFTER_FRAMEWORK_INIT";

    static final long STOP_TIMEOUT_SECONDS = 30;
    static final int EXIT_SETUP_FAILED = 2;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    /** Set once logging is set up: touching java.util.logging earlier would fix the JDK's log manager. */
    private volatile Logger log;

    private final PrintStream out = System.err;
    private Thread shutdownHook;
    private FirstScreen firstScreen;
    private HeapGovernor heapGovernor;

    @Override
    public void start(BundleContext context) throws Exception {
        GatewayHome home;
        HttpListeners.Outcome listeners;
        GatewayLogging.Outcome logging;
        HeapGovernor.Settings heap;
        try {
            home = GatewayHome.locate(System.getProperties(), System.getenv());
            home.publish(System.getProperties(), System.getenv());
            home.createFolders();
            listeners = HttpListeners.configure(System.getProperties(), System.getenv(), home.data(),
                    new SecureRandom());
            heap = HeapGovernor.Settings.read(System.getProperties());
            logging = GatewayLogging.configure(GatewayLogging.Settings.read(System.getProperties(), home.data()));
        } catch (IOException | RuntimeException e) {
            // The bnd launcher would log an activator failure and start the bundles anyway, with Jetty on its
            // default (all interfaces) and FileInstall watching nothing. A gateway that cannot set up must not run.
            log("ERROR", "Plantwire gateway cannot start: " + e.getMessage());
            System.exit(EXIT_SETUP_FAILED);
            return;
        }
        log = Logger.getLogger(GatewayLifecycle.class.getName());
        firstScreen = new FirstScreen(context, System.out);
        firstScreen.open(home.path().toString(), listeners.consoleUrl(), logging);
        log.info("Plantwire gateway home " + home.path() + " (conf/ and deploy/ are watched, state in data/), "
                + listeners.listeners() + "; log " + logging.file());
        if (!logging.keepsShutdownLines()) {
            log.info("java.util.logging was set up before the gateway (" + GatewayLogManager.MANAGER_PROPERTY + "="
                    + System.getProperty(GatewayLogManager.MANAGER_PROPERTY) + "): lines logged while the gateway "
                    + "stops may be missing from the log");
        }
        for (String warning : listeners.warnings()) {
            log.warning(warning);
        }
        heapGovernor = HeapGovernor.start(heap);

        Framework framework = (Framework) context.getBundle(0);
        shutdownHook = new Thread(() -> stopFramework(framework), "plantwire-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void stop(BundleContext context) {
        if (firstScreen != null) {
            firstScreen.close();
        }
        if (heapGovernor != null) {
            heapGovernor.close();
        }
        // The framework is going down on its own (e.g. 'stop 0' in the shell); nothing to do at JVM exit then.
        Thread hook = shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or about to run; it copes with a stopped framework.
            }
        }
    }

    private void stopFramework(Framework framework) {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            return;
        }
        long begin = System.nanoTime();
        int running = 0;
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (b.getBundleId() != 0 && b.getState() == Bundle.ACTIVE) {
                running++;
            }
        }
        log("Plantwire gateway stopping: JVM shutdown (SIGTERM or Ctrl-C), stopping " + running + " bundles");
        AtomicInteger stopped = new AtomicInteger();
        try {
            framework.getBundleContext().addBundleListener((SynchronousBundleListener) event -> {
                if (event.getType() == BundleEvent.STOPPED) {
                    stopped.incrementAndGet();
                }
            });
            framework.stop();
            FrameworkEvent event = framework.waitForStop(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log("WARN", "Plantwire gateway stop timed out after " + STOP_TIMEOUT_SECONDS + " s; " + stopped.get()
                        + " bundles stopped");
            } else {
                log("Plantwire gateway stopped cleanly: " + stopped.get() + " bundles stopped in " + ms + " ms");
            }
        } catch (Exception | LinkageError e) {
            log("ERROR", "Plantwire gateway stop failed: " + e);
        }
    }

    private void log(String message) {
        log("INFO", message);
    }

    /**
     * Printed on the terminal whatever its log level (setup failures before logging exists, the stop an operator
     * asked for); once logging is set up, also in the log file. Warnings and errors then go through logging only,
     * whose terminal handler shows them.
     */
    private void log(String level, String message) {
        Logger log = this.log;
        if (log != null) {
            Level l = "ERROR".equals(level) ? Level.SEVERE : "WARN".equals(level) ? Level.WARNING : Level.INFO;
            log.log(l, message);
            if (l != Level.INFO) {
                return;
            }
        }
        out.println(OffsetDateTime.now(ZoneOffset.UTC).format(TIME) + " [" + Thread.currentThread().getName()
                + "] " + level + " " + GatewayLifecycle.class.getName() + " - " + message);
        out.flush();
    }
}
