package io.plantwire.driver.tck.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One TCP connection speaking the sample line protocol: a request line, an answer line. */
final class LineConnection implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;

    LineConnection(String host, int port, int timeoutMs) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    String request(String line) throws IOException {
        out.write(line + "\n");
        out.flush();
        String answer = in.readLine();
        if (answer == null) {
            throw new IOException("the device closed the connection");
        }
        return answer;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
