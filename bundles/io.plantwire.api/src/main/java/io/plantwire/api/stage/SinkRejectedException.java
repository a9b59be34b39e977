package io.plantwire.api.stage;

/** Thrown by {@link Sink#accept} when the sink did not take a record, with the reason. */
public class SinkRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public SinkRejectedException(String reason) {
        super(reason);
    }

    public SinkRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
