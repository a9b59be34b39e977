package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import ${package}.simulator.SimulatedInstrument;

/** The protocol against the simulator, and against a peer that answers what this protocol never sends. */
class InstrumentConnectionTest {

    @Test
    void readsValuesAndKeepsTheConnectionAfterAnErrorReply() throws Exception {
        try (SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of("temperature", 21.5), 0.0);
                InstrumentConnection c = InstrumentConnection.open("127.0.0.1", sim.port(), 2000)) {
            assertThat(c.read("temperature")).isEqualTo(21.5);
            assertThatThrownBy(() -> c.read("humidity")).isInstanceOf(InstrumentConnection.InstrumentException.class)
                    .hasMessage("unknown point humidity");
            sim.set("temperature", -3.25);
            assertThat(c.read("temperature")).isEqualTo(-3.25);
        }
    }

    @Test
    void aReplyThatIsNotTheProtocolIsAProtocolErrorNamingIt() throws Exception {
        assertThatThrownBy(() -> readAgainst("VALUE 12,5\n")).isInstanceOf(ProtocolException.class)
                .hasMessage("not a number: 'VALUE 12,5'");
        assertThatThrownBy(() -> readAgainst("HELLO\u001b[2J\n")).isInstanceOf(ProtocolException.class)
                .hasMessage("unexpected reply 'HELLO\\x1b[2J'");
        assertThatThrownBy(() -> readAgainst("VALUE " + "9".repeat(1000) + "\n")).isInstanceOf(ProtocolException.class)
                .hasMessage("reply longer than 256 bytes");
        assertThatThrownBy(() -> readAgainst("")).isInstanceOf(IOException.class)
                .hasMessage("connection closed by the instrument");
    }

    @Test
    void aSilentInstrumentTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                InstrumentConnection c = InstrumentConnection.open("127.0.0.1", silent.getLocalPort(), 200)) {
            assertThatThrownBy(() -> c.read("temperature")).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void nothingListeningFailsToOpen() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> InstrumentConnection.open("127.0.0.1", port, 500)).isInstanceOf(IOException.class);
    }

    /** Serves one connection: reads the request line, answers {@code reply} as given and hangs up. */
    private static double readAgainst(String reply) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream()) {
                    while (in.read() != '\n') {
                        // the request line
                    }
                    out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (InstrumentConnection c = InstrumentConnection.open("127.0.0.1", server.getLocalPort(), 2000)) {
                return c.read("temperature");
            } finally {
                peer.join();
            }
        }
    }
}
