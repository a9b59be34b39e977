package io.plantwire.driver.tck.itest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device speaking the sample line protocol on a loopback port: {@code READ} answers {@code <counter> <setpoint>}
 * (the counter moves with every read), {@code WRITE <n>} sets the setpoint and answers {@code OK}, or
 * {@code ERR refused} while refusing. {@link #close()} closes every socket and waits for its threads.
 */
final class LineDeviceSimulator implements AutoCloseable {

    static final String THREAD_PREFIX = "tck-line-sim-";

    private final ServerSocket server;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicLong counter;
    private final AtomicLong writes;
    private volatile long setpoint;
    private volatile boolean refusing;

    private LineDeviceSimulator(ServerSocket server, AtomicLong counter, AtomicLong writes) {
        this.server = server;
        this.counter = counter;
        this.writes = writes;
        start(this::accept, THREAD_PREFIX + port() + "-accept");
    }

    /** Starts a device on the port (0 for any free one). */
    static LineDeviceSimulator start(int port) throws IOException {
        return restart(port, new AtomicLong(), new AtomicLong());
    }

    /** Starts it again on the same port, keeping its counters. */
    LineDeviceSimulator restart() throws IOException {
        LineDeviceSimulator next = restart(port(), counter, writes);
        next.setpoint = setpoint;
        return next;
    }

    private static LineDeviceSimulator restart(int port, AtomicLong counter, AtomicLong writes) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new LineDeviceSimulator(ss, counter, writes);
    }

    int port() {
        return server.getLocalPort();
    }

    long writes() {
        return writes.get();
    }

    void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    private void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.add(s);
                start(() -> serve(s), THREAD_PREFIX + port() + "-conn");
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.US_ASCII)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(answer(line.trim()) + "\n");
                out.flush();
            }
        } catch (IOException closed) {
            // the client or close() ended the connection
        } finally {
            connections.remove(s);
        }
    }

    private String answer(String line) {
        if (line.equals("READ")) {
            return counter.incrementAndGet() + " " + setpoint;
        }
        if (line.startsWith("WRITE ")) {
            writes.incrementAndGet();
            if (refusing) {
                return "ERR refused";
            }
            setpoint = Long.parseLong(line.substring(6).trim());
            return "OK";
        }
        return "ERR unknown request";
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Thread t : threads) {
            t.join(5_000);
        }
    }
}
