package io.plantwire.config.snapshots.itest;

import java.lang.reflect.Method;
import java.util.Arrays;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Calls {@code plantwire:config} as the Gogo shell does: the service with {@code osgi.command.function=config},
 * its public {@code config(String...)} method found by the number of arguments.
 */
final class Shell {

    private final BundleContext context;

    Shell(BundleContext context) {
        this.context = context;
    }

    String config(String... args) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences((String) null,
                    "(&(osgi.command.scope=plantwire)(osgi.command.function=config))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null) {
            throw new IllegalStateException("no plantwire:config command registered");
        }
        Object service = context.getService(refs[0]);
        try {
            for (Method m : service.getClass().getMethods()) {
                if (m.getName().equals("config") && m.getParameterCount() == args.length) {
                    return (String) m.invoke(service, (Object[]) args);
                }
            }
            throw new IllegalStateException("no config method for " + Arrays.toString(args));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            context.ungetService(refs[0]);
        }
    }
}
