package io.plantwire.config.files.itest;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationListener;

/**
 * Holds Config Admin's asynchronous event thread, as load does: a listener blocks on the event of a configuration of
 * its own, so every later event waits behind it until {@link #release()} (or 30 s). Closing releases it, unregisters
 * the listener and deletes the configuration.
 */
final class EventThreadLag implements AutoCloseable {

    private static final String PID = "io.plantwire.itest.lag";

    private final CountDownLatch released = new CountDownLatch(1);
    private final ServiceRegistration<ConfigurationListener> listener;
    private final Configuration lagging;

    private EventThreadLag(BundleContext context, ConfigurationAdmin configurationAdmin) throws IOException {
        listener = context.registerService(ConfigurationListener.class, event -> {
            if (event.getPid().equals(PID)) {
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, null);
        lagging = configurationAdmin.getConfiguration(PID, "?");
        lagging.update(new Hashtable<>(Map.of("lag", true)));
    }

    /** Holds the event thread from now on: the events of every change after this call are delivered late. */
    static EventThreadLag hold(BundleContext context, ConfigurationAdmin configurationAdmin) throws IOException {
        return new EventThreadLag(context, configurationAdmin);
    }

    void release() {
        released.countDown();
    }

    @Override
    public void close() throws IOException {
        release();
        listener.unregister();
        lagging.delete();
    }
}
