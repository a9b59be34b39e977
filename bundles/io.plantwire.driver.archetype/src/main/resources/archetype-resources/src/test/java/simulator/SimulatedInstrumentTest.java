package ${package}.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SimulatedInstrumentTest {

    @Test
    void answersTheProtocolAndMovesEachValueByItsStep() throws Exception {
        try (SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of("flow", 10.0), 0.5)) {
            assertThat(sim.answer("READ flow")).isEqualTo("VALUE 10.5");
            assertThat(sim.answer("READ flow")).isEqualTo("VALUE 11.0");
            assertThat(sim.answer("READ level")).isEqualTo("ERROR unknown point level");
            assertThat(sim.answer("WRITE flow 3")).isEqualTo("ERROR unknown command");
        }
    }

    @Test
    void aRequestLongerThanTheProtocolAllowsIsHungUpOn() throws Exception {
        try (SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of("flow", 1.0), 0.0);
                Socket s = new Socket("127.0.0.1", sim.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("READ " + "x".repeat(10_000) + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String answer;
            try {
                answer = in.readLine();
            } catch (SocketException reset) {
                answer = null; // closed with the rest of the request unread: the peer sees a reset
            }
            assertThat(answer).as("no answer, connection closed").isNull();
        }
    }

    @Test
    void closeLeavesNoThreadBehind() throws Exception {
        SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of("flow", 1.0), 0.0);
        try (Socket client = new Socket("127.0.0.1", sim.port())) {
            client.getOutputStream().write("READ flow\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine()).isEqualTo("VALUE 1.0");
            sim.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith(
                "simulated-instrument-") && t.isAlive());
    }
}
