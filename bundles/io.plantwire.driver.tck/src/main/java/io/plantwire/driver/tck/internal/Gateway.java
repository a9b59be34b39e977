package io.plantwire.driver.tck.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

import io.plantwire.api.driver.Driver;

/**
 * The framework services the kit drives a driver through: Config Admin (device configurations) and the Service
 * Component Runtime (why a component failed to activate).
 */
public final class Gateway implements AutoCloseable {

    private final BundleContext context;
    private final ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmin;
    private final ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> scr;
    private final List<Configuration> created = new ArrayList<>();

    public Gateway(BundleContext context) {
        this.context = context;
        this.configAdmin = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        this.scr = new ServiceTracker<>(context, ServiceComponentRuntime.class, null);
        configAdmin.open();
        scr.open();
    }

    public BundleContext context() {
        return context;
    }

    private <T> T require(ServiceTracker<T, T> tracker, String what) {
        try {
            T service = tracker.waitForService(10_000);
            if (service == null) {
                throw new AssertionError("the test framework has no " + what + " service: add it to the bndrun's -runrequires");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what);
        }
    }

    /** Creates (or replaces) the factory configuration {@code factoryPid~name}, bound to no bundle location. */
    public Configuration configure(String factoryPid, String name, Map<String, Object> properties) throws IOException {
        Configuration c = require(configAdmin, "ConfigurationAdmin").getFactoryConfiguration(factoryPid, name, "?");
        Dictionary<String, Object> d = new Hashtable<>(properties);
        c.update(d);
        created.add(c);
        return c;
    }

    /** Deletes a configuration this gateway created; a configuration deleted already is fine. */
    public void delete(Configuration c) throws IOException {
        try {
            c.delete();
        } catch (IllegalStateException deletedAlready) {
            // deleted by the check itself
        }
    }

    /** Deletes every configuration this gateway created. */
    public void deleteAll() throws IOException {
        for (Configuration c : created) {
            delete(c);
        }
        created.clear();
    }

    /** The Driver service registered for the device, if any. */
    public Optional<ServiceReference<Driver>> driverOf(String deviceId, String deviceIdProperty) {
        try {
            Collection<ServiceReference<Driver>> refs = context.getServiceReferences(Driver.class,
                    "(" + deviceIdProperty + "=" + deviceId + ")");
            return refs.stream().findFirst();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("device id '" + deviceId + "' cannot be used in a service filter", e);
        }
    }

    /** Every registered Driver service. */
    public Collection<ServiceReference<Driver>> drivers() {
        try {
            return context.getServiceReferences(Driver.class, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Why the component configured by the given configuration failed to activate (the Service Component Runtime's
     * failure text, which holds the exception), or empty if no component failed with it.
     */
    public Optional<String> activationFailure(String pid) {
        ServiceComponentRuntime runtime = require(scr, "ServiceComponentRuntime");
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION && pid.equals(c.properties.get("service.pid"))) {
                    return Optional.of(c.failure == null ? "" : c.failure);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a component runs (active or satisfied) with the given configuration. */
    public boolean componentRuns(String pid) {
        ServiceComponentRuntime runtime = require(scr, "ServiceComponentRuntime");
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                if ((c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED)
                        && pid.equals(c.properties.get("service.pid"))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        configAdmin.close();
        scr.close();
    }
}
