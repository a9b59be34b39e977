package io.plantwire.store;

import java.io.IOException;

/**
 * Thrown by {@link StoreAndForwardQueue#append} when a queue with {@link OverflowPolicy#REJECT_NEW} is full, or
 * when a single record is larger than the whole queue may hold. The record was not stored and was counted in
 * {@link QueueStats#rejected()}.
 */
public class StoreFullException extends IOException {

    private static final long serialVersionUID = 1L;

    public StoreFullException(String message) {
        super(message);
    }
}
