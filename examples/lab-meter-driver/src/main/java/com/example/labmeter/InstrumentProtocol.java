package com.example.labmeter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.text.SafeText;
import io.plantwire.driver.support.DeviceProtocol;
import io.plantwire.driver.support.DeviceTimeoutException;
import io.plantwire.driver.support.PollGroup;
import io.plantwire.driver.support.PollResult;

/**
 * The lab meter's SCPI-style line protocol over TCP: {@code MEAS? <channel>} per point is answered with a number
 * ({@code +2.150000E+01}) or an error {@code ERR <code>,"<message>"}, which makes that point BAD(DEVICE_EXCEPTION)
 * with the code while the others go on. The group's detail holds each point's channel, in the group's order.
 */
record InstrumentProtocol(String host, int port, int timeoutMs) implements DeviceProtocol<Socket, int[]> {

    /**
     * A decimal number (NR1-NR3, finite: not NaN, Infinity or hexadecimal, which Double.parseDouble would take), or an
     * SCPI error whose message is printable ASCII, so it needs no escaping on its way to logs and sinks.
     */
    private static final Pattern ANSWER =
            Pattern.compile("([+-]?\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d{1,2})?)|ERR (-?\\d{1,4}),\"([ -~&&[^\"]]*)\"");

    @Override
    public Socket connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs); // an answer later than this is a timeout
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void read(Socket socket, PollGroup<int[]> group, PollResult result) throws IOException {
        for (int i = 0; i < group.points().size(); i++) {
            String point = group.points().get(i);
            String answer = ask(socket, "MEAS? " + group.detail()[i]);
            Matcher m = ANSWER.matcher(answer);
            if (!m.matches()) {
                throw new ProtocolException(point + ": not a number: '" + SafeText.printable(answer, 80) + "'");
            } else if (m.group(1) != null) {
                result.good(point, Value.of(Double.parseDouble(m.group(1))));
            } else {
                result.bad(point, Quality.deviceException(Integer.parseInt(m.group(2)), m.group(3)));
            }
        }
    }

    /** Sends one line and reads the answer, unbuffered (nothing of the next answer is read ahead), bounded. */
    private String ask(Socket socket, String request) throws IOException {
        socket.getOutputStream().write((request + "\n").getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = socket.getInputStream().read(); b != '\n'; b = socket.getInputStream().read()) {
                if (b < 0 || line.size() == 256) { // a lab meter never sends more
                    throw new ProtocolException(b < 0 ? "connection closed by the meter" : "answer over 256 bytes");
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new DeviceTimeoutException(request + ": no answer within " + timeoutMs + " ms");
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    @Override
    public void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
