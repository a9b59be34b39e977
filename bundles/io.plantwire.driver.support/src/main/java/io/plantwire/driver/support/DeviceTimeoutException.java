package io.plantwire.driver.support;

import java.io.IOException;

/**
 * No (complete) answer arrived within the protocol's timeout. Thrown by a {@link DeviceProtocol}: the points not yet
 * read become BAD(TIMEOUT) and the connection is closed and reopened at once, so a late answer is never taken for
 * the answer to the next request.
 */
public class DeviceTimeoutException extends IOException {

    private static final long serialVersionUID = 1L;

    public DeviceTimeoutException(String message) {
        super(message);
    }
}
