package io.plantwire.driver.modbus.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.api.model.Value;
import io.plantwire.driver.modbus.internal.ModbusClient.ModbusDesyncException;
import io.plantwire.driver.modbus.internal.ModbusClient.ModbusExceptionReply;
import io.plantwire.driver.modbus.internal.ModbusClient.ModbusTimeoutException;

/**
 * Reads and writes one device: runs the coalesced read requests of a poll group, turns answers into samples with
 * their quality, keeps the connection (reconnect with backoff) and the device status.
 *
 * <p>Not thread-safe except {@link #status()} and {@link #stop()}: the component calls everything else from the
 * device's single scheduler thread, which is also what keeps one request on the wire at a time.
 */
final class DevicePoller {

    /** The points polled at one interval, and the requests that read them. */
    record PollGroup(long intervalMs, List<PointDefinition> points, List<ReadBlock> blocks) {
    }

    private final DeviceSettings settings;
    private final ModbusClient client;
    private final List<PollGroup> groups;
    private final Map<String, PointDefinition> byName = new HashMap<>();

    private volatile ConnectionState state = ConnectionState.DISCONNECTED;
    private volatile Instant lastSuccessfulPoll;
    private volatile String lastError = "";
    private volatile Instant lastErrorTime;
    private volatile boolean stopped;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong rttCount = new AtomicLong();
    private final AtomicLong rttSumMicros = new AtomicLong();
    private volatile long lastRttMicros;
    private volatile long maxRttMicros;

    private long backoffMs;
    private long nextConnectNanos;
    private long lastRequestEndNanos;
    private boolean anyRequestSent;

    DevicePoller(DeviceSettings settings, ModbusClient client) {
        this.settings = settings;
        this.client = client;
        this.backoffMs = settings.backoffMinMs();
        // nanoTime has an arbitrary origin (it may be negative): "connect now" must be a real reading of it.
        this.nextConnectNanos = System.nanoTime();
        TreeMap<Long, List<PointDefinition>> byInterval = new TreeMap<>();
        for (PointDefinition p : settings.points()) {
            byInterval.computeIfAbsent(p.pollMs(), k -> new ArrayList<>()).add(p);
            byName.put(p.name(), p);
        }
        List<PollGroup> g = new ArrayList<>();
        byInterval.forEach((interval, points) -> g.add(new PollGroup(interval, List.copyOf(points), Coalescer.coalesce(points,
                settings.maxRegisters(), settings.maxBits(), settings.maxGapRegisters(), settings.maxGapBits()))));
        this.groups = List.copyOf(g);
    }

    List<PollGroup> groups() {
        return groups;
    }

    /** Reads every point of the group once; never throws for device trouble, which shows in the samples' quality. */
    DeviceReading read(PollGroup group) {
        Map<String, PointSample> samples = new HashMap<>();
        boolean allGood = true;
        for (ReadBlock block : group.blocks()) {
            allGood &= readBlock(block, samples);
        }
        Instant now = Instant.now();
        if (allGood) {
            lastSuccessfulPoll = now;
        }
        DeviceReading.Builder b = DeviceReading.builder(settings.deviceId(), now);
        for (PointDefinition p : group.points()) {
            b.point(p.name(), samples.get(p.name()));
        }
        return b.build();
    }

    private boolean readBlock(ReadBlock block, Map<String, PointSample> samples) {
        Quality failure = null;
        int attempts = 1 + settings.retries();
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (stopped) {
                failure = Quality.bad(Reason.DISCONNECTED, "device stopped");
                break;
            }
            if (!ensureConnected()) {
                failure = Quality.bad(Reason.DISCONNECTED, lastError);
                break;
            }
            pause();
            long t0 = System.nanoTime();
            try {
                requests.incrementAndGet();
                if (block.table().bits) {
                    boolean[] bits = client.readBits(settings.unitId(), block.table(), block.start(), block.count());
                    Instant at = roundTrip(t0);
                    for (PointDefinition p : block.points()) {
                        samples.put(p.name(), new PointSample(Value.of(bits[p.address() - block.start()]), Quality.GOOD, at, p.unit()));
                    }
                } else {
                    short[] regs = client.readRegisters(settings.unitId(), block.table(), block.start(), block.count());
                    Instant at = roundTrip(t0);
                    for (PointDefinition p : block.points()) {
                        samples.put(p.name(), decode(p, regs, p.address() - block.start(), at));
                    }
                }
                return true;
            } catch (ModbusTimeoutException e) {
                failed(block, e);
                // The answer may still come: only a fresh connection guarantees it is never read as another answer.
                dropConnection(false);
                failure = Quality.bad(Reason.TIMEOUT, e.getMessage());
            } catch (ModbusDesyncException e) {
                failed(block, e);
                dropConnection(false);
                failure = Quality.bad(Reason.DISCONNECTED, "answer did not match the request (" + e.getMessage() + "); connection dropped to resync");
            } catch (ModbusExceptionReply e) {
                failed(block, e);
                failure = Quality.deviceException(e.code(), e.getMessage());
                if (e.code() >= 1 && e.code() <= 3) {
                    break; // the request itself is wrong for this device: asking again cannot help
                }
                if (e.code() == 6 && attempt + 1 < attempts) {
                    sleep((long) settings.busyBackoffMs() * (attempt + 1));
                }
            } catch (IOException e) {
                failed(block, e);
                dropConnection(true);
                failure = Quality.bad(Reason.DISCONNECTED, "connection lost: " + e.getMessage());
                break; // reconnecting follows the backoff, not the retry count
            } catch (RuntimeException e) {
                // A client fault on an answer it could not take apart: the reading must still go out, its points BAD.
                failed(block, e);
                dropConnection(false);
                failure = Quality.bad(Reason.DISCONNECTED, "answer could not be read (" + e
                        + "); connection dropped to resync");
                break;
            } finally {
                lastRequestEndNanos = System.nanoTime();
                anyRequestSent = true;
            }
        }
        Instant at = Instant.now();
        for (PointDefinition p : block.points()) {
            samples.put(p.name(), new PointSample(Value.of(0L), failure, at, p.unit()));
        }
        return false;
    }

    private static PointSample decode(PointDefinition p, short[] regs, int offset, Instant at) {
        try {
            Value v = RegisterCodec.decode(p, regs, offset);
            if (v.type() == Value.Type.FLOATING && Double.isNaN(v.asDouble())) {
                // Meters send NaN for "no measurement"; passing it on as GOOD would be wrong data.
                return new PointSample(v, Quality.bad(Reason.SENSOR_FAILURE, "device reported NaN"), at, p.unit());
            }
            return new PointSample(v, Quality.GOOD, at, p.unit());
        } catch (RegisterCodec.ConversionException e) {
            return new PointSample(Value.of(0L), Quality.bad(Reason.CONVERSION_ERROR, e.getMessage()), at, p.unit());
        }
    }

    private Instant roundTrip(long t0) {
        long micros = (System.nanoTime() - t0) / 1000;
        lastRttMicros = micros;
        rttSumMicros.addAndGet(micros);
        rttCount.incrementAndGet();
        if (micros > maxRttMicros) {
            maxRttMicros = micros;
        }
        return Instant.now();
    }

    private void failed(ReadBlock block, Exception e) {
        errors.incrementAndGet();
        error(block.table().configName + " " + block.start() + "+" + block.count() + ": " + e.getMessage());
    }

    private void error(String message) {
        lastError = message;
        lastErrorTime = Instant.now();
    }

    /** Connects if needed and allowed by the backoff; false while the device is unreachable. */
    private boolean ensureConnected() {
        if (client.isConnected()) {
            return true;
        }
        if (System.nanoTime() - nextConnectNanos < 0 || stopped) {
            return false;
        }
        state = ConnectionState.CONNECTING;
        try {
            client.connect();
            if (stopped) {
                client.close();
                return false;
            }
            state = ConnectionState.CONNECTED;
            backoffMs = settings.backoffMinMs();
            return true;
        } catch (IOException e) {
            error("connect " + settings.endpoint() + ": " + e.getMessage());
            state = ConnectionState.DISCONNECTED;
            nextConnectNanos = System.nanoTime() + backoffMs * 1_000_000L;
            backoffMs = Math.min(backoffMs * 2, settings.backoffMaxMs());
            return false;
        }
    }

    /**
     * Closes the connection.
     *
     * @param backOff wait the backoff before reconnecting (the device went away); false reconnects at once (we
     *        dropped a healthy connection to resync)
     */
    private void dropConnection(boolean backOff) {
        client.close();
        state = ConnectionState.DISCONNECTED;
        nextConnectNanos = System.nanoTime() + (backOff ? backoffMs * 1_000_000L : 0);
    }

    private void pause() {
        if (settings.pauseMs() > 0 && anyRequestSent) {
            long waitMs = (lastRequestEndNanos + settings.pauseMs() * 1_000_000L - System.nanoTime()) / 1_000_000L;
            if (waitMs > 0) {
                sleep(waitMs);
            }
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    /** Writes one point; see {@link io.plantwire.api.driver.Driver#write}. */
    WriteResult write(WriteRequest request) throws DeviceWriteException {
        PointDefinition p = byName.get(request.point());
        if (p == null) {
            throw new DeviceWriteException("device '" + settings.deviceId() + "' has no point '" + request.point() + "'");
        }
        if (!p.table().writable) {
            throw new DeviceWriteException("point '" + p.name() + "' is a " + p.table().configName + ", which is read-only");
        }
        short[] registers = null;
        boolean bit = false;
        try {
            if (p.type() == DataType.BOOL || p.type() == DataType.BIT) {
                bit = request.value().asBoolean();
            } else {
                registers = RegisterCodec.encode(p, request.value());
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DeviceWriteException("cannot write " + request.value() + " to '" + p.name() + "' (" + p.type().configName + "): " + e.getMessage());
        }
        if (stopped || !ensureConnected()) {
            throw new DeviceWriteException("device '" + settings.deviceId() + "' is not connected: " + lastError);
        }
        int unit = settings.unitId();
        try {
            pause();
            long t0 = System.nanoTime();
            requests.incrementAndGet();
            if (p.type() == DataType.BOOL) {
                client.writeSingleCoil(unit, p.address(), bit);
            } else if (p.type() == DataType.BIT) {
                // No atomic bit write in Modbus that all devices support (FC 22 is optional): read, modify, write.
                short current = client.readRegisters(unit, Table.HOLDING_REGISTER, p.address(), 1)[0];
                requests.incrementAndGet();
                int mask = 1 << p.bit();
                client.writeSingleRegister(unit, p.address(), (short) (bit ? current | mask : current & ~mask));
            } else if (registers.length == 1) {
                client.writeSingleRegister(unit, p.address(), registers[0]);
            } else {
                client.writeMultipleRegisters(unit, p.address(), registers);
            }
            roundTrip(t0);
            lastRequestEndNanos = System.nanoTime();
            anyRequestSent = true;
            if (!request.confirm()) {
                return new WriteResult(request, false, null);
            }
            requests.incrementAndGet();
            if (p.type() == DataType.BOOL) {
                boolean back = client.readBits(unit, Table.COIL, p.address(), 1)[0];
                return new WriteResult(request, back == bit, Value.of(back));
            }
            short[] back = client.readRegisters(unit, Table.HOLDING_REGISTER, p.address(), p.registers());
            Value readBack;
            try {
                readBack = RegisterCodec.decode(p, back, 0);
            } catch (RegisterCodec.ConversionException e) {
                return new WriteResult(request, false, null);
            }
            boolean same = p.type() == DataType.BIT ? readBack.asBoolean() == bit : Arrays.equals(back, registers);
            return new WriteResult(request, same, readBack);
        } catch (ModbusExceptionReply e) {
            errors.incrementAndGet();
            error("write " + p.name() + ": " + e.getMessage());
            throw new DeviceWriteException("device '" + settings.deviceId() + "' refused the write to '" + p.name() + "': " + e.getMessage());
        } catch (IOException e) {
            errors.incrementAndGet();
            error("write " + p.name() + ": " + e.getMessage());
            dropConnection(!(e instanceof ModbusTimeoutException || e instanceof ModbusDesyncException));
            throw new DeviceWriteException("write to '" + p.name() + "' on device '" + settings.deviceId() + "' failed: " + e.getMessage(), e);
        }
    }

    DeviceStatus status() {
        long n = rttCount.get();
        return new DeviceStatus(settings.deviceId(), "modbus", settings.endpoint(), stopped ? ConnectionState.STOPPED : state,
                lastSuccessfulPoll, lastError, lastErrorTime, requests.get(), errors.get(), lastRttMicros,
                n == 0 ? 0 : rttSumMicros.get() / n, maxRttMicros);
    }

    boolean isStopped() {
        return stopped;
    }

    String deviceId() {
        return settings.deviceId();
    }

    /** Stops polling: later reads report DISCONNECTED without I/O. Closing the socket unblocks a pending read. */
    void stop() {
        stopped = true;
        client.close();
    }

    /** Point names by definition order, for tests. */
    Map<String, PointDefinition> points() {
        Map<String, PointDefinition> m = new LinkedHashMap<>();
        settings.points().forEach(p -> m.put(p.name(), p));
        return m;
    }
}
