package ${package};

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.plantwire.api.text.SafeText;

/**
 * One TCP connection to the instrument, speaking its line protocol (replace with yours): the request
 * {@code READ <point>} is answered by {@code VALUE <number>} or {@code ERROR <text>}, one line each.
 * An I/O failure means the connection is gone; an {@code ERROR} reply leaves it usable.
 */
final class InstrumentConnection implements Closeable {

    /** Longest reply line accepted: a device that sends more is not speaking this protocol. */
    static final int MAX_LINE_BYTES = 256;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private InstrumentConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static InstrumentConnection open(String host, int port, int timeoutMs) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs); // a read that waits longer throws SocketTimeoutException
            return new InstrumentConnection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Reads one point; throws {@link InstrumentException} when the instrument answers with an error. */
    double read(String point) throws IOException, InstrumentException {
        out.write(("READ " + point + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String reply = readLine();
        if (reply.startsWith("VALUE ")) {
            try {
                return Double.parseDouble(reply.substring(6).trim());
            } catch (NumberFormatException e) {
                throw new ProtocolException("not a number: '" + SafeText.printable(reply, 80) + "'");
            }
        }
        if (reply.startsWith("ERROR ")) {
            throw new InstrumentException(SafeText.printable(reply.substring(6), 200));
        }
        throw new ProtocolException("unexpected reply '" + SafeText.printable(reply, 80) + "'");
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the instrument");
            }
            if (line.size() == MAX_LINE_BYTES) {
                throw new ProtocolException("reply longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The instrument answered, but with an error for this point. */
    static final class InstrumentException extends Exception {
        private static final long serialVersionUID = 1L;

        InstrumentException(String message) {
            super(message);
        }
    }
}
