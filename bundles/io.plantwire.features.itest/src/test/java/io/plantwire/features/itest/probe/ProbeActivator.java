package io.plantwire.features.itest.probe;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;

/**
 * Copied by the tests into the small bundles they build (each bundle loads its own copy). Counts its starts and
 * records the configuration it receives in system properties, which every class loader sees: starts of
 * {@code probe.starts.<bsn>}, the last configuration's {@code deviceId} in {@code probe.config.<pid>}. A bundle with
 * the header {@code Probe-Fail-Start} refuses to start: a real start failure.
 */
public class ProbeActivator implements BundleActivator, ManagedService {

    private ServiceRegistration<ManagedService> registration;
    private String pid;

    @Override
    public void start(BundleContext context) {
        if (context.getBundle().getHeaders().get("Probe-Fail-Start") != null) {
            throw new IllegalStateException("Probe-Fail-Start: " + context.getBundle().getSymbolicName()
                    + " refuses to start");
        }
        String key = "probe.starts." + context.getBundle().getSymbolicName();
        synchronized (System.class) {
            System.setProperty(key, Integer.toString(Integer.getInteger(key, 0) + 1));
        }
        pid = context.getBundle().getHeaders().get("Probe-Pid");
        if (pid != null) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Constants.SERVICE_PID, pid);
            registration = context.registerService(ManagedService.class, this, props);
        }
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
        }
    }

    @Override
    public void updated(Dictionary<String, ?> properties) {
        if (properties == null) {
            System.clearProperty("probe.config." + pid);
        } else {
            System.setProperty("probe.config." + pid, String.valueOf(properties.get("deviceId")));
        }
    }
}
