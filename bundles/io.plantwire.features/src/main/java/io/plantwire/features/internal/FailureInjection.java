package io.plantwire.features.internal;

import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.plantwire.features.FeatureException;

/**
 * A test seam: called right after each step of an operation has really happened, so a test can make the operation
 * fail there and check that the transaction puts everything back. In a gateway it is {@link #NONE}.
 *
 * <p>The in-framework tests cannot see this package, so with the framework property
 * {@value #ENABLE_PROPERTY}{@code =true} (never set in a gateway) the installer asks every service of type
 * {@code java.util.function.Predicate} with the service property {@value #ENABLE_PROPERTY}{@code =true}: a predicate
 * that returns true for {@code "<STEP> <subject>"} (e.g. {@code "START probe.driver 1.0.0 [12]"}) makes the step
 * fail with an injected error.
 */
interface FailureInjection {

    /** Framework property that turns the service lookup on, and the service property that marks a hook. */
    String ENABLE_PROPERTY = "plantwire.features.failureInjection";

    /**
     * @param step the step that just happened
     * @param subject what it happened to (a bundle, a configuration PID, a jar), for messages and for the hook
     * @throws FeatureException when the hook wants the step to fail
     */
    void after(InstallStep step, String subject) throws FeatureException;

    /** No failures injected. */
    FailureInjection NONE = (step, subject) -> { };

    /** {@link #NONE}, or the service lookup when the framework property is set. */
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
            if (refs == null) {
                return;
            }
            for (ServiceReference<?> ref : refs) {
                @SuppressWarnings("unchecked")
                Predicate<String> hook = (Predicate<String>) context.getService(ref);
                try {
                    if (hook != null && hook.test(event)) {
                        throw new FeatureException("injected failure at " + event);
                    }
                } finally {
                    context.ungetService(ref);
                }
            }
        };
    }
}
