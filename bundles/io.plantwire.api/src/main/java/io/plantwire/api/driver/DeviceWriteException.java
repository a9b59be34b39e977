package io.plantwire.api.driver;

/** A write that did not happen, with the reason (unknown point, read-only, device exception, ...). */
public class DeviceWriteException extends Exception {

    private static final long serialVersionUID = 1L;

    public DeviceWriteException(String message) {
        super(message);
    }

    public DeviceWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
