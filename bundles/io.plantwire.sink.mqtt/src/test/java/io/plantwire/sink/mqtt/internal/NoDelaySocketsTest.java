package io.plantwire.sink.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {

    @Test
    void plainSocketsHaveNagleOff() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket unconnected = NoDelaySockets.PLAIN.createSocket();
                Socket connected = NoDelaySockets.PLAIN.createSocket(InetAddress.getLoopbackAddress(),
                        server.getLocalPort())) {
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(connected.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void tlsSocketsHaveNagleOffAndKeepTheDelegatesCipherSuites() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        var factory = NoDelaySockets.tls(ctx.getSocketFactory());
        assertThat(factory.getSupportedCipherSuites())
                .containsExactly(ctx.getSocketFactory().getSupportedCipherSuites());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket unconnected = factory.createSocket();
                Socket layered = factory.createSocket(
                        new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()), "localhost",
                        server.getLocalPort(), true)) {
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(layered.getTcpNoDelay()).isTrue();
        }
    }
}
