package io.plantwire.test.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A TCP port on the loopback interface that nothing listens on, for a test server. */
public final class FreePort {

    private FreePort() {
    }

    /**
     * A port the operating system just handed out and that is free again. Another process may take it before the
     * caller binds it; tests on one machine accept that small risk.
     */
    public static int loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
        }
    }
}
