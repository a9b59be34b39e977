package io.plantwire.features;

/**
 * A feature or bundle operation failed. The message says why in terms a plant engineer can act on: the missing
 * requirement, the artifact missing from the local repository, the invalid feature file. When this is thrown by an
 * install or update, the framework has been put back as it was before the operation.
 */
public class FeatureException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what failed and why */
    public FeatureException(String message) {
        super(message);
    }

    /**
     * @param message what failed and why
     * @param cause the underlying exception
     */
    public FeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
