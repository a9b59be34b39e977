package io.plantwire.config.snapshots.internal;

import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * A test seam, as the feature installer has one: called right after each step of an import has really happened, so
 * an in-framework test can make the import fail there and check that everything is put back. In a gateway it is
 * {@link #NONE}: only with the framework property {@value #ENABLE_PROPERTY}{@code =true} (never set in a gateway)
 * are services of type {@code java.util.function.Predicate} with the service property
 * {@value #ENABLE_PROPERTY}{@code =true} asked; one that returns true for {@code "<STEP> <subject>"}
 * (e.g. {@code "WRITE io.plantwire.sink.mqtt~uns"}) makes the step fail.
 */
interface FailureInjection {

    String ENABLE_PROPERTY = "plantwire.config.failureInjection";

    void after(String step, String subject) throws SiteDocumentException;

    FailureInjection NONE = (step, subject) -> { };

    static FailureInjection of(BundleContext context) {
        if (!Boolean.parseBoolean(context.getProperty(ENABLE_PROPERTY))) {
            return NONE;
        }
        return (step, subject) -> {
            String event = step + " " + subject;
            ServiceReference<?>[] refs;
            try {
                refs = context.getServiceReferences(Predicate.class.getName(), "(" + ENABLE_PROPERTY + "=true)");
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                @SuppressWarnings("unchecked")
                Predicate<String> hook = (Predicate<String>) context.getService(ref);
                try {
                    if (hook != null && hook.test(event)) {
                        throw new SiteDocumentException("injected failure at " + event);
                    }
                } finally {
                    context.ungetService(ref);
                }
            }
        };
    }
}
