package ${package}.simulator;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The instrument without hardware: a TCP server on loopback that answers the driver's line protocol
 * ({@code READ <point>} → {@code VALUE <number>} or {@code ERROR <text>}) from a table of values. Every value moves by
 * a small step on each read, so a subscriber sees it change. {@link #close()} closes every socket and joins every
 * thread.
 */
public final class SimulatedInstrument implements Closeable {

    /** More clients than this are disconnected at once: a simulator must not grow without bound. */
    static final int MAX_CLIENTS = 8;
    /** A longer request line is not the protocol: the client is disconnected. */
    static final int MAX_REQUEST_CHARS = 256;

    private final ServerSocket server;
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final double step;

    private SimulatedInstrument(ServerSocket server, Map<String, Double> initial, double step) {
        this.server = server;
        this.values.putAll(initial);
        this.step = step;
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @param port the port, 0 for any free one
     * @param initial point name → first value
     * @param step how much a value moves on each read (0: constant)
     */
    public static SimulatedInstrument start(int port, Map<String, Double> initial, double step) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true); // stop and start on the same port, as the conformance kit does
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), MAX_CLIENTS);
        SimulatedInstrument sim = new SimulatedInstrument(server, initial, step);
        sim.spawn("accept", sim::acceptLoop);
        return sim;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Sets a point's value; a point without a value is answered with an error. */
    public void set(String point, double value) {
        values.put(point, value);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (clients.size() >= MAX_CLIENTS) {
                    client.close();
                    continue;
                }
                clients.add(client);
                spawn("client-" + client.getPort(), () -> serve(client));
            } catch (IOException e) {
                // closed by close(), or a failed accept: the loop condition decides
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                InputStreamReader in = new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII);
                OutputStream out = client.getOutputStream()) {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && line.length() <= MAX_REQUEST_CHARS; c = in.read()) {
                if (c != '\n') {
                    line.append((char) c);
                    continue;
                }
                out.write((answer(line.toString().strip()) + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                line.setLength(0);
            }
            // end of stream, or a request longer than any the protocol has: hang up
        } catch (IOException e) {
            // the driver hung up, or close() closed the socket; the other clients go on
        } finally {
            clients.remove(client);
        }
    }

    String answer(String request) {
        if (!request.startsWith("READ ")) {
            return "ERROR unknown command";
        }
        String point = request.substring(5).strip();
        Double value = values.computeIfPresent(point, (p, v) -> v + step);
        return value == null ? "ERROR unknown point " + point : "VALUE " + value;
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(body, "simulated-instrument-" + port() + "-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket c : clients) {
            c.close();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
