package io.plantwire.driver.tck.sample;

/** The one thing a sample driver does wrong, so the kit's own tests can see the kit catch it. */
enum Flaw {
    /** Keeps the contract. */
    NONE,
    /** Starts a thread in activate and never stops it. */
    LEAKS_A_THREAD,
    /** Submits the last value read as GOOD when the device cannot be reached. */
    STALE_GOOD_ON_DISCONNECT,
    /** Activates with any configuration, however wrong. */
    IGNORES_INVALID_CONFIGURATION
}
