package io.plantwire.simulator.modbus;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A Modbus TCP server on one port that answers for the {@link SimulatedDevice}s added to it, by unit id, like a
 * serial-to-Ethernet gateway in front of a bus of meters. Requests for a unit id nobody answers to get exception
 * 0x0B (gateway target device failed to respond).
 *
 * <p>Function codes 1, 2, 3, 4, 5, 6, 15 and 16 are served, with the protocol's limits enforced (at most 125
 * registers / 2000 bits per read, 123 registers / 1968 coils per write; exception 3 beyond them).
 *
 * <p>Threads: one accepting thread and one per open connection, all named {@code plantwire-modbus-sim-<port>...};
 * {@link #close()} closes every socket and waits for them to end.
 */
@ProviderType
public final class ModbusTcpServer implements AutoCloseable {

    /** Thread name prefix of every simulator thread, so tests can check none is left behind. */
    public static final String THREAD_PREFIX = "plantwire-modbus-sim-";

    private final ServerSocket serverSocket;
    private final Map<Integer, SimulatedDevice> devices = new ConcurrentHashMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final Thread acceptor;
    private final AtomicInteger connectionNumber = new AtomicInteger();
    private final AtomicInteger acceptedConnections = new AtomicInteger();
    private volatile boolean closed;

    private ModbusTcpServer(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        this.acceptor = new Thread(this::acceptLoop, THREAD_PREFIX + port() + "-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts a server.
     *
     * @param host the address to bind, e.g. {@code 127.0.0.1}
     * @param port the port, or 0 for a free one (see {@link #port()})
     */
    public static ModbusTcpServer start(String host, int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        try {
            ss.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            ss.close();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ModbusTcpServer server = new ModbusTcpServer(ss);
        server.acceptor.start();
        return server;
    }

    /** The port the server listens on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Adds a device.
     *
     * @throws IllegalStateException if another device already answers to its unit id on this port
     */
    public void addDevice(SimulatedDevice device) {
        SimulatedDevice before = devices.putIfAbsent(device.unitId(), device);
        if (before != null && before != device) {
            throw new IllegalStateException("unit id " + device.unitId() + " on port " + port() + " is already taken by " + before);
        }
    }

    /** Removes a device (no-op if it is not there). */
    public void removeDevice(SimulatedDevice device) {
        devices.remove(device.unitId(), device);
    }

    public Collection<SimulatedDevice> devices() {
        return List.copyOf(devices.values());
    }

    /** How many TCP connections were accepted since start: a master that reconnects shows here. */
    public int acceptedConnections() {
        return acceptedConnections.get();
    }

    /** Closes every client connection now (the server keeps listening): a network blip for the masters. */
    public void dropAllConnections() {
        for (Socket s : connections) {
            closeQuietly(s);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        dropAllConnections();
        List<Thread> all;
        synchronized (threads) {
            all = new ArrayList<>(threads);
        }
        all.add(acceptor);
        for (Thread t : all) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = serverSocket.accept();
                s.setTcpNoDelay(true);
                connections.add(s);
                acceptedConnections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), THREAD_PREFIX + port() + "-conn-" + connectionNumber.incrementAndGet());
                t.setDaemon(true);
                synchronized (threads) {
                    threads.removeIf(x -> !x.isAlive());
                    threads.add(t);
                }
                t.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        byte[] previousReply = null;
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] header = new byte[7];
            while (!closed) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    return;
                }
                int transactionId = (header[0] & 0xFF) << 8 | (header[1] & 0xFF);
                int length = (header[4] & 0xFF) << 8 | (header[5] & 0xFF);
                int unitId = header[6] & 0xFF;
                if (length < 2 || length > 254) {
                    return; // not Modbus TCP: nothing sensible to answer, and the stream cannot be resynced
                }
                byte[] pdu = new byte[length - 1];
                in.readFully(pdu);
                SimulatedDevice device = devices.get(unitId);
                byte[] replyPdu;
                Fault fault = null;
                if (device == null) {
                    replyPdu = exceptionPdu(pdu[0], 0x0B);
                } else {
                    device.refresh();
                    fault = device.onRequest(pdu[0]);
                    replyPdu = ModbusPdu.process(device.registers(), pdu);
                }
                byte[] reply = frame(transactionId, unitId, replyPdu);
                if (fault == null) {
                    out.write(reply);
                    previousReply = reply;
                    continue;
                }
                switch (fault.kind()) {
                    case LATE_REPLY:
                        Thread.sleep(fault.delay().toMillis());
                        out.write(reply);
                        previousReply = reply;
                        break;
                    case EXCEPTION:
                        out.write(frame(transactionId, unitId, exceptionPdu(pdu[0], fault.exceptionCode())));
                        break;
                    case DROP_CONNECTION:
                        return;
                    case NO_REPLY:
                        break;
                    case STALE_REPLY:
                        out.write(previousReply != null ? previousReply : reply);
                        previousReply = reply;
                        break;
                    default:
                        throw new IllegalStateException("unknown fault " + fault);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SocketException | EOFException e) {
            // The master went away or we were closed: nothing to tell anyone.
        } catch (IOException e) {
            // Same as above, but from a stream that broke mid-frame.
        } finally {
            connections.remove(socket);
        }
    }

    static byte[] exceptionPdu(byte functionCode, int code) {
        return new byte[] {(byte) (functionCode | 0x80), (byte) code};
    }

    private static byte[] frame(int transactionId, int unitId, byte[] pdu) {
        byte[] f = new byte[7 + pdu.length];
        f[0] = (byte) (transactionId >> 8);
        f[1] = (byte) transactionId;
        f[4] = (byte) ((pdu.length + 1) >> 8);
        f[5] = (byte) (pdu.length + 1);
        f[6] = (byte) unitId;
        System.arraycopy(pdu, 0, f, 7, pdu.length);
        return f;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing is best effort
        }
    }
}
