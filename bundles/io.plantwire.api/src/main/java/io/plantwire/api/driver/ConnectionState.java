package io.plantwire.api.driver;

/** The state of a driver's connection to one device. */
public enum ConnectionState {
    /** Not started, or stopped by configuration. */
    STOPPED,
    /** Trying to connect (or reconnect after a failure, with backoff). */
    CONNECTING,
    /** Connected and polling. */
    CONNECTED,
    /** Not connected; the driver waits before the next attempt. */
    DISCONNECTED
}
