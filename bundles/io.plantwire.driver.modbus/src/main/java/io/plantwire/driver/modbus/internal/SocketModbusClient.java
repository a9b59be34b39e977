package io.plantwire.driver.modbus.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Modbus over a TCP socket with our own framing: Modbus TCP (MBAP header with transaction id) or RTU over TCP
 * (RTU frames with CRC, as serial-to-Ethernet converters pass them through).
 *
 * <p>Every answer is checked against its request before any of its data is used: transaction id (TCP), unit id,
 * function code, byte count or echoed address/quantity, and CRC (RTU). Anything else is a
 * {@link ModbusClient.ModbusDesyncException}. This is why the driver does not use j2mod's TCP transport, which
 * re-sends on a transaction id mismatch and may take a stale answer for a newer request (j2mod issue #165); see
 * docs/decisions/modbus-framing.md.
 */
final class SocketModbusClient implements ModbusClient {

    /** Most data bytes a read answer can carry: a 256-byte RTU frame less address, function, count and CRC. */
    static final int MAX_READ_BYTES = 250;

    private final String host;
    private final int port;
    private final int timeoutMs;
    private final boolean rtuFraming;

    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;
    private int transactionId;
    /**
     * RTU over TCP only: after a timeout or a broken answer, wait for the line to be quiet before the next request.
     * A transparent converter forwards a late bus answer to whichever client is connected, so a new connection
     * does not protect us, and an RTU answer carries nothing that says which request it answers. Kept across
     * reconnects on purpose.
     */
    private boolean quietLineNeeded;

    SocketModbusClient(String host, int port, int timeoutMs, boolean rtuFraming) {
        this.host = host;
        this.port = port;
        this.timeoutMs = timeoutMs;
        this.rtuFraming = rtuFraming;
    }

    @Override
    public void connect() throws IOException {
        close();
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
        } catch (SocketTimeoutException e) {
            closeQuietly(s);
            throw new IOException("connect to " + host + ":" + port + " timed out after " + timeoutMs + " ms");
        } catch (IOException e) {
            closeQuietly(s);
            throw e;
        }
        in = s.getInputStream();
        out = s.getOutputStream();
        socket = s;
    }

    @Override
    public boolean isConnected() {
        Socket s = socket;
        return s != null && !s.isClosed();
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    @Override
    public boolean[] readBits(int unitId, Table table, int address, int count) throws IOException, ModbusExceptionReply {
        byte[] reply = transact(unitId, new byte[] {(byte) table.readFunction, (byte) (address >> 8), (byte) address,
                (byte) (count >> 8), (byte) count});
        int bytes = (count + 7) / 8;
        if (reply.length != 2 + bytes || (reply[1] & 0xFF) != bytes) {
            throw new ModbusDesyncException("read of " + count + " bits answered with " + (reply.length - 2) + " data bytes, expected " + bytes);
        }
        boolean[] bits = new boolean[count];
        for (int i = 0; i < count; i++) {
            bits[i] = (reply[2 + i / 8] >> (i % 8) & 1) != 0;
        }
        return bits;
    }

    @Override
    public short[] readRegisters(int unitId, Table table, int address, int count) throws IOException, ModbusExceptionReply {
        byte[] reply = transact(unitId, new byte[] {(byte) table.readFunction, (byte) (address >> 8), (byte) address,
                (byte) (count >> 8), (byte) count});
        if (reply.length != 2 + 2 * count || (reply[1] & 0xFF) != 2 * count) {
            throw new ModbusDesyncException("read of " + count + " registers answered with " + (reply.length - 2) + " data bytes, expected " + 2 * count);
        }
        short[] regs = new short[count];
        for (int i = 0; i < count; i++) {
            regs[i] = (short) ((reply[2 + 2 * i] & 0xFF) << 8 | (reply[3 + 2 * i] & 0xFF));
        }
        return regs;
    }

    @Override
    public void writeSingleCoil(int unitId, int address, boolean value) throws IOException, ModbusExceptionReply {
        byte[] request = {5, (byte) (address >> 8), (byte) address, (byte) (value ? 0xFF : 0), 0};
        expectEcho(request, transact(unitId, request), 5);
    }

    @Override
    public void writeSingleRegister(int unitId, int address, short value) throws IOException, ModbusExceptionReply {
        byte[] request = {6, (byte) (address >> 8), (byte) address, (byte) (value >> 8), (byte) value};
        expectEcho(request, transact(unitId, request), 5);
    }

    @Override
    public void writeMultipleCoils(int unitId, int address, boolean[] values) throws IOException, ModbusExceptionReply {
        int bytes = (values.length + 7) / 8;
        byte[] request = new byte[6 + bytes];
        request[0] = 15;
        request[1] = (byte) (address >> 8);
        request[2] = (byte) address;
        request[3] = (byte) (values.length >> 8);
        request[4] = (byte) values.length;
        request[5] = (byte) bytes;
        for (int i = 0; i < values.length; i++) {
            if (values[i]) {
                request[6 + i / 8] |= (byte) (1 << (i % 8));
            }
        }
        expectEcho(request, transact(unitId, request), 5);
    }

    @Override
    public void writeMultipleRegisters(int unitId, int address, short[] values) throws IOException, ModbusExceptionReply {
        byte[] request = new byte[6 + 2 * values.length];
        request[0] = 16;
        request[1] = (byte) (address >> 8);
        request[2] = (byte) address;
        request[3] = (byte) (values.length >> 8);
        request[4] = (byte) values.length;
        request[5] = (byte) (2 * values.length);
        for (int i = 0; i < values.length; i++) {
            request[6 + 2 * i] = (byte) (values[i] >> 8);
            request[7 + 2 * i] = (byte) values[i];
        }
        expectEcho(request, transact(unitId, request), 5);
    }

    private static void expectEcho(byte[] request, byte[] reply, int length) throws ModbusDesyncException {
        if (reply.length != length) {
            throw new ModbusDesyncException("write answer has " + reply.length + " bytes, expected " + length);
        }
        for (int i = 0; i < length; i++) {
            if (reply[i] != request[i]) {
                throw new ModbusDesyncException("write answer does not echo the request's address and quantity/value");
            }
        }
    }

    /** Sends one request PDU and returns the answer PDU (function code first), checked to belong to it. */
    private byte[] transact(int unitId, byte[] pdu) throws IOException, ModbusExceptionReply {
        Socket s = socket;
        if (s == null) {
            throw new IOException("not connected");
        }
        byte[] reply;
        try {
            if (quietLineNeeded) {
                awaitQuietLine(s);
                quietLineNeeded = false;
            }
            if (in.available() > 0) {
                // Bytes nobody asked for: a late answer to an earlier request. Reading on would shift every answer.
                throw new ModbusDesyncException(in.available() + " unexpected bytes waiting before the request was sent");
            }
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            reply = rtuFraming ? transactRtu(s, unitId, pdu, deadline) : transactTcp(s, unitId, pdu, deadline);
        } catch (SocketTimeoutException e) {
            quietLineNeeded = rtuFraming;
            throw new ModbusTimeoutException("no complete answer within " + timeoutMs + " ms");
        } catch (ModbusDesyncException e) {
            quietLineNeeded = rtuFraming;
            throw e;
        }
        int fc = reply[0] & 0xFF;
        if (fc == (pdu[0] | 0x80)) {
            if (reply.length != 2) {
                throw new ModbusDesyncException("exception answer of " + reply.length + " bytes");
            }
            throw new ModbusExceptionReply(reply[1] & 0xFF);
        }
        if (fc != pdu[0]) {
            throw new ModbusDesyncException("answer has function code " + fc + ", the request " + pdu[0]);
        }
        return reply;
    }

    /** Discards whatever arrives until nothing has come for a whole timeout (at most three timeouts long). */
    private void awaitQuietLine(Socket s) throws IOException {
        long giveUp = System.nanoTime() + 3L * timeoutMs * 1_000_000L;
        byte[] sink = new byte[256];
        int discarded = 0;
        s.setSoTimeout(timeoutMs);
        while (true) {
            int n;
            try {
                n = in.read(sink);
            } catch (SocketTimeoutException quiet) {
                return;
            }
            if (n < 0) {
                throw new EOFException("connection closed by " + host + ":" + port);
            }
            discarded += n;
            if (System.nanoTime() - giveUp > 0) {
                throw new ModbusDesyncException("line not quiet: " + discarded + " unexpected bytes within " + 3 * timeoutMs + " ms");
            }
        }
    }

    private byte[] transactTcp(Socket s, int unitId, byte[] pdu, long deadline) throws IOException {
        transactionId = transactionId == 0xFFFF ? 1 : transactionId + 1;
        int tid = transactionId;
        byte[] frame = new byte[7 + pdu.length];
        frame[0] = (byte) (tid >> 8);
        frame[1] = (byte) tid;
        frame[4] = (byte) ((pdu.length + 1) >> 8);
        frame[5] = (byte) (pdu.length + 1);
        frame[6] = (byte) unitId;
        System.arraycopy(pdu, 0, frame, 7, pdu.length);
        out.write(frame);
        out.flush();

        byte[] header = new byte[7];
        readFully(s, header, 0, 7, deadline);
        int rtid = (header[0] & 0xFF) << 8 | (header[1] & 0xFF);
        int protocol = (header[2] & 0xFF) << 8 | (header[3] & 0xFF);
        int length = (header[4] & 0xFF) << 8 | (header[5] & 0xFF);
        int unit = header[6] & 0xFF;
        if (rtid != tid) {
            throw new ModbusDesyncException("answer has transaction id " + rtid + ", the request " + tid);
        }
        if (protocol != 0) {
            throw new ModbusDesyncException("answer has protocol id " + protocol + ", expected 0");
        }
        if (unit != unitId) {
            throw new ModbusDesyncException("answer is from unit " + unit + ", the request went to unit " + unitId);
        }
        if (length < 2 || length > 254) {
            throw new ModbusDesyncException("answer announces " + length + " bytes, not a Modbus length");
        }
        byte[] reply = new byte[length - 1];
        readFully(s, reply, 0, reply.length, deadline);
        return reply;
    }

    private byte[] transactRtu(Socket s, int unitId, byte[] pdu, long deadline) throws IOException {
        byte[] frame = new byte[pdu.length + 3];
        frame[0] = (byte) unitId;
        System.arraycopy(pdu, 0, frame, 1, pdu.length);
        int crc = Crc16.of(frame, 0, pdu.length + 1);
        frame[pdu.length + 1] = (byte) crc;
        frame[pdu.length + 2] = (byte) (crc >> 8);
        out.write(frame);
        out.flush();

        // RTU has no length field: the function code says how long the rest is.
        byte[] buf = new byte[256];
        readFully(s, buf, 0, 3, deadline);
        int unit = buf[0] & 0xFF;
        int fc = buf[1] & 0xFF;
        int total;
        if ((fc & 0x80) != 0) {
            total = 5;
        } else if (fc >= 1 && fc <= 4) {
            int byteCount = buf[2] & 0xFF;
            int expected = expectedByteCount(pdu);
            // Checked before reading on: a byte count of 252-255 would run past the buffer, and any count other than
            // the request's means the bytes on the line are not the answer to it (noise, a late answer, a bad slave).
            if (byteCount != expected || byteCount > MAX_READ_BYTES) {
                throw new ModbusDesyncException("framing error: RTU answer announces " + byteCount
                        + " data bytes, the request needs " + expected);
            }
            total = 3 + byteCount + 2;
        } else if (fc == 5 || fc == 6 || fc == 15 || fc == 16) {
            total = 8;
        } else {
            throw new ModbusDesyncException("RTU answer with unexpected function code " + fc);
        }
        readFully(s, buf, 3, total - 3, deadline);
        int expectedCrc = Crc16.of(buf, 0, total - 2);
        int got = (buf[total - 2] & 0xFF) | (buf[total - 1] & 0xFF) << 8;
        if (expectedCrc != got) {
            throw new ModbusDesyncException("RTU answer has a bad CRC");
        }
        if (unit != unitId) {
            throw new ModbusDesyncException("answer is from unit " + unit + ", the request went to unit " + unitId);
        }
        byte[] reply = new byte[total - 3];
        System.arraycopy(buf, 1, reply, 0, reply.length);
        return reply;
    }

    /** Data bytes a correct answer to a read request (FC 1-4) carries: one bit or two bytes per item asked for. */
    private static int expectedByteCount(byte[] pdu) {
        int quantity = (pdu[3] & 0xFF) << 8 | (pdu[4] & 0xFF);
        return pdu[0] <= 2 ? (quantity + 7) / 8 : 2 * quantity;
    }

    private void readFully(Socket s, byte[] b, int off, int len, long deadline) throws IOException {
        int done = 0;
        while (done < len) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                throw new EOFException("connection closed by " + host + ":" + port);
            }
            done += n;
        }
    }

    @Override
    public String toString() {
        return (rtuFraming ? "rtu-over-tcp://" : "tcp://") + host + ":" + port;
    }
}
