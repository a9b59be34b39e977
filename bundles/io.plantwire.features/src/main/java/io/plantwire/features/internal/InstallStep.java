package io.plantwire.features.internal;

/**
 * The named steps of an installer operation, in the order they can occur. Each is a point where a change can fail
 * and the transaction must put the gateway back as it was; tests inject a failure at each (see
 * {@link FailureInjection}).
 */
enum InstallStep {
    /** Copying a jar into the installer's own area (an I/O error part-way through). */
    COPY,
    /** Installing a bundle from its copy. */
    INSTALL,
    /** Giving an installed bundle new content from its copy. */
    UPDATE,
    /** Resolving the bundles of the operation together. */
    RESOLVE,
    /** Creating, changing or deleting a configuration. */
    CONFIGURATION,
    /** Starting a bundle, or checking that a bundle that ran before runs again. */
    START,
    /** Stopping a bundle that is about to be uninstalled. */
    STOP,
    /** Uninstalling a bundle. */
    UNINSTALL,
    /** Refreshing the framework for the bundles touched. */
    REFRESH,
    /** Writing the installer's record. */
    RECORD
}
