package io.plantwire.simulator.modbus;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
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
 * <p>Speaks Modbus TCP, or RTU over TCP like a transparent serial converter. Function codes 1, 2, 3, 4, 5, 6, 15
 * and 16 are served, with the protocol's limits enforced (at most 125
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
    private final boolean rtuOverTcp;
    /** The connection accepted last: where a transparent serial converter sends bus traffic. */
    private volatile Socket newest;
    private final Map<Integer, SimulatedDevice> devices = new ConcurrentHashMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final Thread acceptor;
    private final AtomicInteger connectionNumber = new AtomicInteger();
    private final AtomicInteger acceptedConnections = new AtomicInteger();
    private volatile boolean closed;

    private ModbusTcpServer(ServerSocket serverSocket, boolean rtuOverTcp) {
        this.serverSocket = serverSocket;
        this.rtuOverTcp = rtuOverTcp;
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
        return start(host, port, false);
    }

    /**
     * Starts a server.
     *
     * @param host the address to bind, e.g. {@code 127.0.0.1}
     * @param port the port, or 0 for a free one (see {@link #port()})
     * @param rtuOverTcp speak RTU frames (with CRC, without MBAP header) like a transparent serial-to-Ethernet
     *        converter: then a late reply goes to the connection accepted last, as a converter forwards whatever
     *        the bus sends to its current client
     */
    public static ModbusTcpServer start(String host, int port, boolean rtuOverTcp) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        try {
            ss.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            ss.close();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ModbusTcpServer server = new ModbusTcpServer(ss, rtuOverTcp);
        server.acceptor.start();
        return server;
    }

    /** Whether the server speaks RTU over TCP rather than Modbus TCP. */
    public boolean rtuOverTcp() {
        return rtuOverTcp;
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
                newest = s;
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
            while (!closed) {
                Request request = rtuOverTcp ? readRtu(in) : readTcp(in);
                if (request == null) {
                    return; // end of stream, or bytes that are not Modbus: the stream cannot be resynced
                }
                if (request.pdu == null) {
                    continue; // RTU frame with a bad CRC: a serial slave stays silent
                }
                byte[] pdu = request.pdu;
                SimulatedDevice device = devices.get(request.unitId);
                byte[] replyPdu;
                Fault fault = null;
                if (device == null) {
                    replyPdu = exceptionPdu(pdu[0], 0x0B);
                } else {
                    device.refresh();
                    fault = device.onRequest(pdu[0]);
                    replyPdu = ModbusPdu.process(device.registers(), pdu);
                }
                byte[] reply = frame(request, replyPdu);
                if (fault == null) {
                    send(socket, reply);
                    previousReply = reply;
                    continue;
                }
                switch (fault.kind()) {
                    case LATE_REPLY:
                        Thread.sleep(fault.delay().toMillis());
                        // Behind a transparent serial converter the bus answer goes to whoever is connected now.
                        send(rtuOverTcp ? newest : socket, reply);
                        previousReply = reply;
                        break;
                    case EXCEPTION:
                        send(socket, frame(request, exceptionPdu(pdu[0], fault.exceptionCode())));
                        break;
                    case DROP_CONNECTION:
                        return;
                    case NO_REPLY:
                        break;
                    case STALE_REPLY:
                        send(socket, previousReply != null ? previousReply : reply);
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

    /** One request: unit, PDU (null for a frame to ignore) and the transaction id to echo (TCP). */
    private record Request(int transactionId, int unitId, byte[] pdu) {
    }

    private static Request readTcp(DataInputStream in) throws IOException {
        byte[] header = new byte[7];
        try {
            in.readFully(header);
        } catch (EOFException e) {
            return null;
        }
        int length = (header[4] & 0xFF) << 8 | (header[5] & 0xFF);
        if (length < 2 || length > 254) {
            return null;
        }
        byte[] pdu = new byte[length - 1];
        in.readFully(pdu);
        return new Request((header[0] & 0xFF) << 8 | (header[1] & 0xFF), header[6] & 0xFF, pdu);
    }

    private static Request readRtu(DataInputStream in) throws IOException {
        byte[] f = new byte[260];
        try {
            in.readFully(f, 0, 2);
        } catch (EOFException e) {
            return null;
        }
        int fc = f[1] & 0xFF;
        int len;
        if (fc >= 1 && fc <= 6) {
            in.readFully(f, 2, 4);
            len = 6;
        } else if (fc == 15 || fc == 16) {
            in.readFully(f, 2, 5);
            int bytes = f[6] & 0xFF;
            in.readFully(f, 7, bytes);
            len = 7 + bytes;
        } else {
            return null; // unknown length: no way to find the next frame
        }
        in.readFully(f, len, 2);
        int crc = Crc16.of(f, 0, len);
        if ((f[len] & 0xFF | (f[len + 1] & 0xFF) << 8) != crc) {
            return new Request(0, f[0] & 0xFF, null);
        }
        byte[] pdu = new byte[len - 1];
        System.arraycopy(f, 1, pdu, 0, pdu.length);
        return new Request(0, f[0] & 0xFF, pdu);
    }

    private byte[] frame(Request request, byte[] pdu) {
        if (!rtuOverTcp) {
            return frame(request.transactionId, request.unitId, pdu);
        }
        byte[] f = new byte[pdu.length + 3];
        f[0] = (byte) request.unitId;
        System.arraycopy(pdu, 0, f, 1, pdu.length);
        int crc = Crc16.of(f, 0, pdu.length + 1);
        f[pdu.length + 1] = (byte) crc;
        f[pdu.length + 2] = (byte) (crc >> 8);
        return f;
    }

    private static void send(Socket socket, byte[] frame) {
        if (socket == null) {
            return;
        }
        // Late replies may be written from another connection's thread (RTU over TCP): one frame at a time.
        synchronized (socket) {
            try {
                socket.getOutputStream().write(frame);
            } catch (IOException e) {
                // The master is gone; a serial bus would not notice either.
            }
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
