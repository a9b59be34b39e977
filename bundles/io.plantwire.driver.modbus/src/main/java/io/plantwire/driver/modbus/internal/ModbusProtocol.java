package io.plantwire.driver.modbus.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.api.model.Value;
import io.plantwire.driver.modbus.internal.ModbusClient.ModbusDesyncException;
import io.plantwire.driver.modbus.internal.ModbusClient.ModbusExceptionReply;
import io.plantwire.driver.modbus.internal.ModbusClient.ModbusTimeoutException;
import io.plantwire.driver.support.DeviceProtocol;
import io.plantwire.driver.support.PollGroup;
import io.plantwire.driver.support.PollResult;
import io.plantwire.driver.support.PolledDevice;
import io.plantwire.driver.support.RequestMeter;

/**
 * The Modbus half of a device: runs the coalesced read requests of a poll group with Modbus's retry rules and turns
 * the answers into samples. Connection lifecycle, backoff, schedule, status and submission are the support
 * library's ({@link PolledDevice}).
 *
 * <p>One client per device, reused across reconnects. A timeout or a mismatched answer closes it at once (resync)
 * and the next request of the same poll opens it again; a lost connection is thrown to the support library, which
 * reconnects after its backoff. Called on the device's turn only, which keeps one request on the wire at a time.
 */
final class ModbusProtocol implements DeviceProtocol<ModbusClient, List<ReadBlock>> {

    private final DeviceSettings settings;
    private final ModbusClient client;
    private final ModbusWrites writes;
    /**
     * Set when the support library closed the connection (a drop, or the device stopping), cleared when it connects
     * again. A resync must not reopen such a connection: when the device stops, the library closes the connection to
     * unblock a running poll, and a poll that reopened it would leave a socket open that nobody closes.
     */
    private volatile boolean releasedByLibrary;
    // Touched only on the device's turn.
    private long lastRequestEndNanos;
    private boolean anyRequestSent;

    ModbusProtocol(DeviceSettings settings, ModbusClient client) {
        this.settings = settings;
        this.client = client;
        Map<String, PointDefinition> byName = new HashMap<>();
        settings.points().forEach(p -> byName.put(p.name(), p));
        this.writes = new ModbusWrites(settings.deviceId(), settings.unitId(), byName, this);
    }

    /** The device on the support library: one poll group per interval, requests coalesced per group. */
    static PolledDevice.Builder<ModbusClient, List<ReadBlock>> device(DeviceSettings settings, ModbusClient client) {
        PolledDevice.Builder<ModbusClient, List<ReadBlock>> b = PolledDevice.builder(settings.deviceId(), "modbus",
                new ModbusProtocol(settings, client)).endpoint(settings.endpoint())
                .reconnectBackoff(settings.backoffMinMs(), settings.backoffMaxMs());
        TreeMap<Long, List<PointDefinition>> byInterval = new TreeMap<>();
        for (PointDefinition p : settings.points()) {
            byInterval.computeIfAbsent(p.pollMs(), k -> new ArrayList<>()).add(p);
        }
        byInterval.forEach((interval, points) -> {
            PollGroup.Builder<List<ReadBlock>> g = PollGroup.builder(interval + "ms", interval);
            points.forEach(p -> g.point(p.name(), p.unit()));
            g.detail(Coalescer.coalesce(points, settings.maxRegisters(), settings.maxBits(), settings.maxGapRegisters(),
                    settings.maxGapBits()));
            b.group(g.build());
        });
        return b;
    }

    @Override
    public ModbusClient connect() throws IOException {
        releasedByLibrary = false;
        client.connect();
        return client;
    }

    @Override
    public void close(ModbusClient c) {
        releasedByLibrary = true; // before the close: a poll that sees the connection closed also sees this
        c.close();
    }

    @Override
    public io.plantwire.api.driver.WriteResult write(io.plantwire.driver.support.WriteSession<ModbusClient> session,
            io.plantwire.api.driver.WriteRequest request) throws Exception {
        return writes.write(session, request);
    }

    @Override
    public void read(ModbusClient c, PollGroup<List<ReadBlock>> group, PollResult result) throws IOException {
        for (ReadBlock block : group.detail()) {
            readBlock(c, block, result);
        }
    }

    /** Reads one request's points into the result; throws only when the connection is lost. */
    private void readBlock(ModbusClient c, ReadBlock block, PollResult result) throws IOException {
        Quality failure = null;
        int attempts = 1 + settings.retries();
        for (int attempt = 0; attempt < attempts; attempt++) {
            reopenIfResynced(c);
            pause();
            long t0 = System.nanoTime();
            try {
                if (block.table().bits) {
                    boolean[] bits = c.readBits(settings.unitId(), block.table(), block.start(), block.count());
                    Instant at = answered(result, t0);
                    for (PointDefinition p : block.points()) {
                        result.sample(p.name(), new PointSample(Value.of(bits[p.address() - block.start()]), Quality.GOOD, at, p.unit()));
                    }
                } else {
                    short[] regs = c.readRegisters(settings.unitId(), block.table(), block.start(), block.count());
                    Instant at = answered(result, t0);
                    for (PointDefinition p : block.points()) {
                        result.sample(p.name(), decode(p, regs, p.address() - block.start(), at));
                    }
                }
                return;
            } catch (ModbusTimeoutException e) {
                failed(result, Reason.TIMEOUT, block, e);
                // The answer may still come: only a fresh connection guarantees it is never read as another answer.
                c.close();
                failure = Quality.bad(Reason.TIMEOUT, e.getMessage());
            } catch (ModbusDesyncException e) {
                failed(result, Reason.DISCONNECTED, block, e);
                c.close();
                failure = Quality.bad(Reason.DISCONNECTED, "answer did not match the request (" + e.getMessage() + "); connection dropped to resync");
            } catch (ModbusExceptionReply e) {
                failed(result, Reason.DEVICE_EXCEPTION, block, e);
                failure = Quality.deviceException(e.code(), e.getMessage());
                if (e.code() >= 1 && e.code() <= 3) {
                    break; // the request itself is wrong for this device: asking again cannot help
                }
                if (e.code() == 6 && attempt + 1 < attempts) {
                    sleep((long) settings.busyBackoffMs() * (attempt + 1));
                }
            } catch (IOException e) {
                failed(result, Reason.DISCONNECTED, block, e);
                // Reconnecting follows the backoff, not the retry count: the support library closes and waits.
                throw e;
            } catch (RuntimeException e) {
                // A client fault on an answer it could not take apart: the reading must still go out, its points BAD.
                failed(result, Reason.DISCONNECTED, block, e);
                c.close();
                failure = Quality.bad(Reason.DISCONNECTED, "answer could not be read (" + e + "); connection dropped to resync");
                break;
            } finally {
                lastRequestEndNanos = System.nanoTime();
                anyRequestSent = true;
            }
        }
        Instant at = Instant.now();
        for (PointDefinition p : block.points()) {
            result.sample(p.name(), PointSample.bad(failure, at, p.unit()));
        }
    }

    /**
     * After a resync (timeout, mismatched answer) the client is closed: open it again at once, without backoff. A
     * connection the support library closed stays closed; the next request fails and the library decides.
     */
    void reopenIfResynced(ModbusClient c) throws IOException {
        if (c.isConnected() || releasedByLibrary) {
            return;
        }
        c.connect();
        if (releasedByLibrary) {
            c.close(); // the library closed it while we reconnected: the socket just opened must not outlive that
        }
    }

    private static Instant answered(RequestMeter meter, long t0) {
        meter.answered(System.nanoTime() - t0);
        return Instant.now();
    }

    private static void failed(RequestMeter meter, Reason reason, ReadBlock block, Exception e) {
        meter.failed(reason, block.table().configName + " " + block.start() + "+" + block.count() + ": " + e.getMessage());
    }

    private static PointSample decode(PointDefinition p, short[] regs, int offset, Instant at) {
        try {
            Value v = RegisterCodec.decode(p, regs, offset);
            if (v.type() == Value.Type.FLOATING && Double.isNaN(v.asDouble())) {
                // Meters send NaN for "no measurement": BAD, and the NaN is not passed on as a value.
                return PointSample.bad(Quality.bad(Reason.SENSOR_FAILURE, "device reported NaN"), at, p.unit());
            }
            return new PointSample(v, Quality.GOOD, at, p.unit());
        } catch (RegisterCodec.ConversionException e) {
            return PointSample.bad(Quality.bad(Reason.CONVERSION_ERROR, e.getMessage()), at, p.unit());
        }
    }

    /** Waits the configured quiet time since the last request ended (slow devices, serial gateways). */
    void pause() {
        if (settings.pauseMs() > 0 && anyRequestSent) {
            long waitMs = (lastRequestEndNanos + settings.pauseMs() * 1_000_000L - System.nanoTime()) / 1_000_000L;
            if (waitMs > 0) {
                sleep(waitMs);
            }
        }
    }

    void requestEnded() {
        lastRequestEndNanos = System.nanoTime();
        anyRequestSent = true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the device is stopping; the next request fails on the closed socket
        }
    }
}
