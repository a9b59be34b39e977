package io.plantwire.driver.tck.sample;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.OnDemandRead;
import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

/**
 * A small but correct driver for the sample line protocol, with one {@link Flaw} switched on by the component that
 * extends it. Polls on its own thread, submits in order, turns failures into BAD, reconnects on the next poll,
 * range-checks writes, reads on demand without counting.
 */
abstract class LineDeviceDriver implements Driver, OnDemandRead {

    private final ReadingIntake intake;
    private final Flaw flaw;
    private final String deviceId;
    private final String host;
    private final int port;
    private final int timeoutMs;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean stopped;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile Thread leaked;
    /** Poll thread only. */
    private LineConnection connection;
    /** Poll thread only: the last values read, for the stale flaw. */
    private long[] lastGood;

    LineDeviceDriver(ReadingIntake intake, LineDeviceConfig config, Flaw flaw) {
        this.intake = intake;
        this.flaw = flaw;
        if (flaw != Flaw.IGNORES_INVALID_CONFIGURATION) {
            validate(config);
        }
        this.deviceId = config.deviceId();
        this.host = config.host();
        this.port = config.port();
        this.timeoutMs = Math.max(10, config.timeoutMs());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "tck-sample-" + deviceId));
        scheduler.scheduleWithFixedDelay(this::poll, 0, Math.max(10, config.pollIntervalMs()), TimeUnit.MILLISECONDS);
        if (flaw == Flaw.LEAKS_A_THREAD) {
            leaked = new Thread(LineDeviceDriver::idleForever, "tck-sample-leaked-" + deviceId);
            leaked.setDaemon(true);
            leaked.start();
        }
    }

    private static void validate(LineDeviceConfig c) {
        if (c.deviceId() == null || c.deviceId().isBlank()) {
            throw new IllegalArgumentException("deviceId: must not be blank, got '" + c.deviceId() + "'");
        }
        if (c.port() < 1 || c.port() > 65535) {
            throw new IllegalArgumentException("port: " + c.port() + " is not in 1-65535");
        }
        if (c.timeoutMs() < 10) {
            throw new IllegalArgumentException("timeoutMs: " + c.timeoutMs() + " is below 10");
        }
        if (c.pollIntervalMs() < 10) {
            throw new IllegalArgumentException("pollIntervalMs: " + c.pollIntervalMs() + " is below 10");
        }
    }

    /** The leaked thread: ends only when interrupted, which nothing in the driver does. */
    private static void idleForever() {
        try {
            while (true) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        try {
            DeviceReading reading = read(true);
            if (!stopped) {
                intake.submit(reading);
            }
        } catch (RuntimeException e) {
            // never let the periodic task die: the next poll tries again
            errors.incrementAndGet();
        }
    }

    /** Reads the device once on the poll thread; {@code counted} is false for on-demand reads. */
    private DeviceReading read(boolean counted) {
        Instant now = Instant.now();
        try {
            if (stopped) {
                throw new IOException("device stopped");
            }
            if (connection == null) {
                connection = new LineConnection(host, port, timeoutMs);
            }
            if (counted) {
                requests.incrementAndGet();
            }
            String[] answer = connection.request("READ").trim().split(" ");
            long[] values = {Long.parseLong(answer[0]), Long.parseLong(answer[1])};
            state = ConnectionState.CONNECTED;
            lastGood = values;
            return reading(now, Value.of(values[0]), Value.of(values[1]), Quality.GOOD);
        } catch (IOException | RuntimeException e) {
            closeConnection();
            state = ConnectionState.DISCONNECTED;
            if (counted) {
                errors.incrementAndGet();
            }
            if (flaw == Flaw.STALE_GOOD_ON_DISCONNECT && lastGood != null) {
                return reading(now, Value.of(lastGood[0]), Value.of(lastGood[1]), Quality.GOOD);
            }
            Quality bad = e instanceof SocketTimeoutException ? Quality.bad(Quality.Reason.TIMEOUT, e.getMessage())
                    : Quality.bad(Quality.Reason.DISCONNECTED, String.valueOf(e.getMessage()));
            return DeviceReading.builder(deviceId, now).point("counter", PointSample.bad(bad, now))
                    .point("setpoint", PointSample.bad(bad, now)).build();
        }
    }

    private DeviceReading reading(Instant now, Value counter, Value setpoint, Quality q) {
        return DeviceReading.builder(deviceId, now).point("counter", new PointSample(counter, q, now, ""))
                .point("setpoint", new PointSample(setpoint, q, now, "")).build();
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** Stops polling, waits for the poll thread to end, then closes the connection. */
    void stop() throws InterruptedException {
        stopped = true;
        scheduler.shutdown();
        if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
            scheduler.shutdownNow();
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        }
        // The poll thread has ended (awaitTermination happens-before this), so the connection is ours to close.
        closeConnection();
    }

    @Override
    public String driverType() {
        return "tck-sample";
    }

    @Override
    public List<DeviceStatus> deviceStatus() {
        return List.of(new DeviceStatus(deviceId, driverType(), "tcp://" + host + ":" + port, stopped ? ConnectionState.STOPPED : state,
                null, "", null, requests.get(), errors.get(), 0, 0, 0));
    }

    @Override
    public CompletionStage<List<DeviceReading>> readNow() {
        CompletableFuture<List<DeviceReading>> result = new CompletableFuture<>();
        try {
            scheduler.execute(() -> result.complete(List.of(read(false))));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("device '" + deviceId + "' is stopping"));
        }
        return result;
    }

    @Override
    public CompletionStage<WriteResult> write(WriteRequest request) {
        CompletableFuture<WriteResult> result = new CompletableFuture<>();
        if (!"setpoint".equals(request.point())) {
            result.completeExceptionally(new DeviceWriteException("point '" + request.point() + "' of device '" + deviceId
                    + "' does not exist or is read-only (writable: setpoint)"));
            return result;
        }
        long v = request.value().asLong();
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
            result.completeExceptionally(new DeviceWriteException("setpoint: " + v + " is outside int16 (-32768..32767)"));
            return result;
        }
        try {
            scheduler.execute(() -> {
                try {
                    if (connection == null) {
                        connection = new LineConnection(host, port, timeoutMs);
                    }
                    String answer = connection.request("WRITE " + v);
                    if (answer.startsWith("OK")) {
                        result.complete(new WriteResult(request, false, null));
                    } else {
                        result.completeExceptionally(new DeviceWriteException("setpoint: the device refused " + v + ": " + answer));
                    }
                } catch (IOException | RuntimeException e) {
                    closeConnection();
                    result.completeExceptionally(new DeviceWriteException("setpoint: write failed: " + e, e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new DeviceWriteException("device '" + deviceId + "' is stopping"));
        }
        return result;
    }
}
