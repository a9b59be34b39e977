package io.plantwire.console.itest;

import java.time.Duration;
import java.util.Collection;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Jetty binds a free port (org.osgi.service.http.port=0) and announces it on its HttpServiceRuntime. */
final class ConsoleEndpoint {

    private ConsoleEndpoint() {
    }

    static String await(BundleContext context, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            ServiceReference<?>[] refs = context.getAllServiceReferences(
                    "org.osgi.service.servlet.runtime.HttpServiceRuntime", null);
            if (refs != null) {
                for (ServiceReference<?> ref : refs) {
                    String endpoint = first(ref.getProperty("osgi.http.endpoint"));
                    if (endpoint != null && !endpoint.endsWith(":0/")) {
                        return endpoint.endsWith("/") ? endpoint : endpoint + "/";
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Jetty did not announce an HTTP endpoint");
    }

    /** The first value of a service property that may be a String, a String[], a collection or a number. */
    static String first(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof String[] && ((String[]) value).length > 0) {
            return ((String[]) value)[0];
        }
        if (value instanceof Collection && !((Collection<?>) value).isEmpty()) {
            return String.valueOf(((Collection<?>) value).iterator().next());
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return null;
    }
}
