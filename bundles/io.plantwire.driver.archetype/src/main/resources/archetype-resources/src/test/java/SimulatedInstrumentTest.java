package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ${package}.simulator.SimulatedInstrument;

/** The simulator speaks the protocol over a socket, bounds what it accepts and leaves nothing running. */
class SimulatedInstrumentTest {

    @Test
    void answersTheProtocolAndMovesEachValueByItsStep() throws Exception {
        try (SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of("flow", 10.0), 0.5);
                Socket s = new Socket("127.0.0.1", sim.port())) {
            assertThat(ask(s, "READ flow")).isEqualTo("VALUE 10.5");
            assertThat(ask(s, "READ flow")).isEqualTo("VALUE 11.0");
            assertThat(ask(s, "READ level")).isEqualTo("ERROR unknown point level");
            assertThat(ask(s, "WRITE flow 3")).isEqualTo("ERROR unknown command");
        }
    }

    @Test
    void aRequestLongerThanTheProtocolAllowsIsHungUpOn() throws Exception {
        try (SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of("flow", 1.0), 0.0);
                Socket s = new Socket("127.0.0.1", sim.port())) {
            String answer;
            try {
                answer = ask(s, "READ " + "x".repeat(10_000));
            } catch (SocketException reset) {
                answer = null; // closed with the rest of the request unread: the peer sees a reset
            }
            assertThat(answer).as("no answer, connection closed").isNull();
        }
    }

    @Test
    void closeLeavesNoThreadBehind() throws Exception {
        SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of("flow", 1.0), 0.0);
        String prefix = "simulated-instrument-" + sim.port() + "-";
        try (Socket client = new Socket("127.0.0.1", sim.port())) {
            assertThat(ask(client, "READ flow")).isEqualTo("VALUE 1.0");
            sim.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
    }

    private static String ask(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((request + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
}
