package io.plantwire.api.driver;

import io.plantwire.api.model.Value;

/**
 * The outcome of a successful write.
 *
 * @param request what was written
 * @param confirmed true if the value was read back and equals what was written; false if no read-back was
 *        requested or the device does not allow it
 * @param readBack the value read back, or null if none was read
 */
public record WriteResult(WriteRequest request, boolean confirmed, Value readBack) {
}
