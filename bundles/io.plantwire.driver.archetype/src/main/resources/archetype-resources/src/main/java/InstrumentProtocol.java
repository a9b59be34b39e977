package ${package};

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.text.SafeText;
import io.plantwire.driver.support.DeviceProtocol;
import io.plantwire.driver.support.DeviceTimeoutException;
import io.plantwire.driver.support.PollGroup;
import io.plantwire.driver.support.PollResult;

/**
 * The instrument's line protocol over TCP (replace with yours): {@code READ <point>} is answered by
 * {@code VALUE <number>} or {@code ERROR <text>}, one line each. Called on the device's turn, never two calls at once.
 * What it throws becomes quality (support library): a timeout BAD(TIMEOUT), any other failure BAD(DISCONNECTED) and
 * a reconnect. An {@code ERROR} answer makes that point BAD(DEVICE_EXCEPTION) and the poll goes on.
 */
record InstrumentProtocol(String host, int port, int timeoutMs) implements DeviceProtocol<Socket, Void> {

    /** Longest answer accepted: a peer that sends more is not this instrument. */
    static final int MAX_LINE_BYTES = 256;

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
    public void read(Socket socket, PollGroup<Void> group, PollResult result) throws IOException {
        for (String point : group.points()) {
            socket.getOutputStream().write(("READ " + point + "\n").getBytes(StandardCharsets.US_ASCII));
            String answer = readLine(socket.getInputStream());
            if (answer.startsWith("ERROR ")) {
                result.bad(point, Quality.deviceException(0, SafeText.printable(answer.substring(6), 200)));
            } else if (answer.startsWith("VALUE ")) {
                try {
                    result.good(point, Value.of(Double.parseDouble(answer.substring(6))));
                } catch (NumberFormatException e) {
                    throw new ProtocolException(point + ": not a number: '" + SafeText.printable(answer, 80) + "'");
                }
            } else {
                throw new ProtocolException(point + ": unexpected answer '" + SafeText.printable(answer, 80) + "'");
            }
        }
    }

    /** Up to a newline, unbuffered so nothing of the next answer is read ahead, at most MAX_LINE_BYTES. */
    private String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0 || line.size() == MAX_LINE_BYTES) {
                    throw new ProtocolException(b < 0 ? "connection closed by the instrument"
                            : "answer longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new DeviceTimeoutException("no answer within " + timeoutMs + " ms");
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
