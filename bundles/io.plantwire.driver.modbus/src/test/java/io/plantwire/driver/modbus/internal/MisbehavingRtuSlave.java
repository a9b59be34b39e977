package io.plantwire.driver.modbus.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Modbus RTU-over-TCP slave on loopback that answers register reads (FC 3/4) correctly, except for the answers
 * queued with {@link #nextAnswerAnnounces}: those announce a chosen byte count and send that many bytes (a correct
 * CRC over them), as a broken or hostile device or converter would. Written here because no slave library can be
 * told to send a wrong frame.
 */
final class MisbehavingRtuSlave implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final ConcurrentLinkedQueue<Integer> badByteCounts = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile short register;
    private volatile Socket current;

    MisbehavingRtuSlave(short register) throws IOException {
        this.register = register;
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "misbehaving-rtu-slave");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int requests() {
        return requests.get();
    }

    void register(short value) {
        register = value;
    }

    /** The next read is answered with this byte count (and that many bytes) instead of the right one. */
    void nextAnswerAnnounces(int byteCount) {
        badByteCounts.add(byteCount);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                current = s;
                serve(s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                // client gone or server closed: take the next connection
            }
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        byte[] request = new byte[8];
        while (in.readNBytes(request, 0, 8) == 8) {
            requests.incrementAndGet();
            int quantity = (request[4] & 0xFF) << 8 | (request[5] & 0xFF);
            Integer bad = badByteCounts.poll();
            int byteCount = bad != null ? bad : 2 * quantity;
            byte[] frame = new byte[3 + byteCount + 2];
            frame[0] = request[0];
            frame[1] = request[1];
            frame[2] = (byte) byteCount;
            for (int i = 0; i < byteCount; i += 2) {
                frame[3 + i] = (byte) (register >> 8);
                if (i + 1 < byteCount) {
                    frame[4 + i] = (byte) register;
                }
            }
            int crc = Crc16.of(frame, 0, 3 + byteCount);
            frame[3 + byteCount] = (byte) crc;
            frame[4 + byteCount] = (byte) (crc >> 8);
            out.write(frame);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = current;
        if (s != null) {
            s.close();
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
