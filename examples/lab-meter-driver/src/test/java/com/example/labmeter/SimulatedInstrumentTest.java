package com.example.labmeter;

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

import com.example.labmeter.simulator.SimulatedInstrument;

/** The simulator speaks the protocol over a socket, bounds what it accepts and leaves nothing running. */
class SimulatedInstrumentTest {

    @Test
    void answersTheProtocolAndMovesEachValueByItsStep() throws Exception {
        try (SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of(3, 10.0), 0.5);
                Socket s = new Socket("127.0.0.1", sim.port())) {
            assertThat(ask(s, "*IDN?")).isEqualTo("Example Instruments,LM-4,SN" + sim.port() + ",1.2");
            assertThat(ask(s, "MEAS? 3")).isEqualTo("+1.050000E+01");
            assertThat(ask(s, "MEAS? 3")).isEqualTo("+1.100000E+01");
            assertThat(ask(s, "MEAS? 4")).isEqualTo("ERR -222,\"Data out of range\"");
            assertThat(ask(s, "MEAS? three")).isEqualTo("ERR -222,\"Data out of range\"");
            assertThat(ask(s, "CONF:VOLT 3")).isEqualTo("ERR -113,\"Undefined header\"");
        }
    }

    @Test
    void aRequestLongerThanTheProtocolAllowsIsHungUpOn() throws Exception {
        try (SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of(1, 1.0), 0.0);
                Socket s = new Socket("127.0.0.1", sim.port())) {
            String answer;
            try {
                answer = ask(s, "MEAS? " + "1".repeat(10_000));
            } catch (SocketException reset) {
                answer = null; // closed with the rest of the request unread: the peer sees a reset
            }
            assertThat(answer).as("no answer, connection closed").isNull();
        }
    }

    @Test
    void closeLeavesNoThreadBehind() throws Exception {
        SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of(1, 1.0), 0.0);
        String prefix = "simulated-instrument-" + sim.port() + "-";
        try (Socket client = new Socket("127.0.0.1", sim.port())) {
            assertThat(ask(client, "MEAS? 1")).isEqualTo("+1.000000E+00");
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
