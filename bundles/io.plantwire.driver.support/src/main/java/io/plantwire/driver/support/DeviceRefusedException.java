package io.plantwire.driver.support;

/**
 * The device answered, with a protocol-level refusal (a Modbus exception code, an error status). Thrown by a
 * {@link DeviceProtocol}: the points not yet read become BAD(DEVICE_EXCEPTION) with {@link #code()}, and the
 * connection is kept.
 */
public class DeviceRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param code the protocol's code for the refusal (0 if it has none); carried into the samples' quality
     * @param message for people, e.g. {@code exception 2 (illegal data address)}
     */
    public DeviceRefusedException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The protocol's code for the refusal, 0 if none. */
    public int code() {
        return code;
    }
}
