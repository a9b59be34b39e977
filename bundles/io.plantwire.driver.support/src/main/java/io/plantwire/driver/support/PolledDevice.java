package io.plantwire.driver.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.driver.support.internal.DeviceConnection;
import io.plantwire.driver.support.internal.DeviceLane;
import io.plantwire.driver.support.internal.PollClock;
import io.plantwire.driver.support.internal.PollCycle;
import io.plantwire.driver.support.internal.StatusCounters;

/**
 * One device, polled: runs a {@link DeviceProtocol} on a schedule per {@link PollGroup}, keeps its connection and
 * status, and hands each poll's reading to the pipeline. See the package description for what it takes care of.
 *
 * <p>Thread-safe. Everything that touches the device (polls, {@link #readNow()}, {@link #write}) runs on the device's
 * turn on the shared {@link DeviceScheduler}: one at a time, in order, never two threads on one connection.
 *
 * @param <C> the protocol's connection type
 * @param <G> what the driver attaches to its poll groups
 */
public final class PolledDevice<C, G> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolledDevice.class);

    /** How long {@link #close()} waits for a running poll. */
    private static final long STOP_WAIT_MS = 10_000;

    private final String deviceId;
    private final String driverType;
    private final String endpoint;
    private final DeviceProtocol<C, G> protocol;
    private final List<PollGroup<G>> groups;
    private final ReadingIntake intake;
    private final DeviceLane lane;
    private final StatusCounters counters = new StatusCounters();
    /** Each poll group's clock, set by {@link #startPolling} (none for a manual device); guarded by itself. */
    private final PollClock[] clocks;
    /** Each poll group's poll, as a task of the lane: one object per group, since a group has one poll at a time. */
    private final DeviceLane.Task[] polls;
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    private final DeviceConnection<C> connection;

    /** Guards {@link #closed} and every submit, so nothing is submitted after close. */
    private final Object lifecycle = new Object();
    private volatile boolean closed;

    // Touched only on the device's turn.
    private boolean pollFailing;

    private PolledDevice(Builder<C, G> b, DeviceScheduler scheduler, ReadingIntake intake) {
        this.deviceId = b.deviceId;
        this.driverType = b.driverType;
        this.endpoint = b.endpoint;
        this.protocol = b.protocol;
        this.groups = List.copyOf(b.groups);
        this.intake = intake;
        this.lane = new DeviceLane(scheduler, deviceId);
        this.connection = new DeviceConnection<>(protocol, deviceId, endpoint, b.backoffMinMs, b.backoffMaxMs, counters);
        this.clocks = new PollClock[groups.size()];
        this.polls = new DeviceLane.Task[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            int g = i;
            polls[i] = DeviceLane.task(() -> pollAndSubmit(g), () -> { });
        }
    }

    /**
     * A builder for a device.
     *
     * @param deviceId the configured device id (readings and status carry it)
     * @param driverType the driver kind, e.g. {@code modbus}
     * @param protocol the protocol half
     */
    public static <C, G> Builder<C, G> builder(String deviceId, String driverType, DeviceProtocol<C, G> protocol) {
        return new Builder<>(deviceId, driverType, protocol);
    }

    private void startPolling(DeviceScheduler scheduler) {
        synchronized (clocks) {
            for (int i = 0; i < groups.size(); i++) {
                int g = i;
                clocks[i] = new PollClock(scheduler, groups.get(i).intervalMs(), () -> due(g));
            }
            for (PollClock c : clocks) {
                c.start();
            }
        }
    }

    /**
     * Runs on the scheduler when a poll of group {@code g} is due: polls at once on this thread if the device's lane is
     * idle, else queues the poll behind the running task (a write, a dry run). Never throws.
     */
    private void due(int g) {
        try {
            if (!closed) {
                lane.runOrSubmit(polls[g]);
            }
        } catch (RuntimeException e) {
            LOG.error("Device {}: starting a poll of group '{}' failed", deviceId, groups.get(g).name(), e);
        }
    }

    /** After a poll of group {@code g}: sets the next one on the group's clock and counts the due times skipped. */
    private void nextPoll(int g) {
        try {
            long skipped = clocks[g].pollEnded();
            if (skipped > 0) {
                long n = overruns.addAndGet(skipped);
                if (Long.highestOneBit(n) != Long.highestOneBit(n - skipped)) {
                    LOG.info("Device {}: a poll of group '{}' ended after the next was due ({} skipped so far); the poll "
                            + "interval is shorter than the device or the scheduler can serve", deviceId,
                            groups.get(g).name(), n);
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("Device {}: setting the next poll of group '{}' failed; the group is polled no more", deviceId,
                        groups.get(g).name(), e);
            }
        }
    }

    private void pollAndSubmit(int g) {
        try {
            DeviceReading reading = poll(groups.get(g), counters);
            synchronized (lifecycle) {
                // Nothing is submitted once the device is closed: it would be a reading of a device that is gone.
                if (!closed && !intake.submit(reading)) {
                    long n = rejected.incrementAndGet();
                    if (Long.bitCount(n) == 1) {
                        LOG.warn("Device {}: the pipeline rejected {} reading(s) so far (hold buffer full)", deviceId, n);
                    }
                }
            }
            if (pollFailing) {
                pollFailing = false;
                LOG.info("Device {}: polls work again", deviceId);
            }
        } catch (RuntimeException e) {
            // Only the intake can get here (poll() catches the driver's failures): log once per run of failures.
            if (!pollFailing) {
                pollFailing = true;
                LOG.error("Device {}: poll failed; further failures are logged at debug level until a poll works again", deviceId, e);
            } else {
                LOG.debug("Device {}: poll failed again: {}", deviceId, e.toString());
            }
        } finally {
            nextPoll(g);
        }
    }

    /**
     * Reads one group; never throws for device or driver trouble, which shows in the samples' quality.
     *
     * @param counters where requests are counted, or null for a dry run (nothing counted)
     */
    private DeviceReading poll(PollGroup<G> group, StatusCounters counters) {
        PollCycle cycle = new PollCycle(group, counters);
        C c = connection.connected(counters != null);
        if (c == null) {
            cycle.fillMissing(Quality.bad(Reason.DISCONNECTED, closed ? "device stopped" : this.counters.lastError()));
        } else {
            long t0 = System.nanoTime();
            try {
                protocol.read(c, group, cycle);
                if (!cycle.metered()) {
                    cycle.answered(System.nanoTime() - t0);
                }
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                Quality q = connection.failure(c, e, "read " + group.name());
                cycle.markFailed();
                if (!cycle.metered()) {
                    cycle.failed(q.reason(), q.detail());
                } else if (counters != null) {
                    counters.error(q.detail());
                }
                cycle.fillMissing(q);
            }
        }
        DeviceReading reading = cycle.reading(deviceId);
        if (counters != null && c != null && !cycle.anyFailed()) {
            counters.pollSucceeded(reading.readTime());
        }
        return reading;
    }

    /** The device id. */
    public String deviceId() {
        return deviceId;
    }

    /** The driver kind. */
    public String driverType() {
        return driverType;
    }

    /** The poll groups, in the order given. */
    public List<PollGroup<G>> groups() {
        return groups;
    }

    /**
     * Polls skipped: due times of a group that passed while its previous poll still ran or waited for a thread (device
     * or pool too slow). Such polls are not made up; the next one starts at once.
     */
    public long overruns() {
        return overruns.get();
    }

    /** The device's status now. */
    public DeviceStatus status() {
        return counters.fill(DeviceStatus.builder(deviceId, driverType)).endpoint(endpoint)
                .state(closed ? ConnectionState.STOPPED : connection.state()).build();
    }

    /**
     * Reads every poll group once, on the device's turn, and returns the readings instead of submitting them. Moves
     * no counter of the status. For {@link io.plantwire.api.driver.OnDemandRead}.
     *
     * @return completes with one reading per group, or exceptionally with an {@link IllegalStateException} when the
     *         device is stopping
     */
    public CompletionStage<List<DeviceReading>> readNow() {
        CompletableFuture<List<DeviceReading>> result = new CompletableFuture<>();
        DeviceLane.Task task = DeviceLane.completing(result, () -> {
            List<DeviceReading> readings = new ArrayList<>();
            for (PollGroup<G> g : groups) {
                readings.add(poll(g, null));
            }
            return readings;
        }, this::stopping);
        if (!lane.submit(task)) {
            result.completeExceptionally(stopping());
        }
        return result;
    }

    /**
     * Polls one group now, on the device's turn, counted like a scheduled poll, and returns the reading instead of
     * submitting it. Blocks until the poll is done: never call it from a task of the device itself. For tests and
     * benchmarks, usually on a device from {@link Builder#startManual()}.
     *
     * @throws IllegalArgumentException if the group is not one of this device's
     * @throws IllegalStateException if the device is stopping
     */
    public DeviceReading pollNow(PollGroup<G> group) {
        if (!groups.contains(group)) {
            throw new IllegalArgumentException(group + " is not a poll group of device '" + deviceId + "'");
        }
        CompletableFuture<DeviceReading> result = new CompletableFuture<>();
        if (!lane.submit(DeviceLane.completing(result, () -> poll(group, counters), this::stopping))) {
            throw stopping();
        }
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        }
    }

    private IllegalStateException stopping() {
        return new IllegalStateException("device '" + deviceId + "' is stopping");
    }

    /**
     * Writes one point through {@link DeviceProtocol#write}, on the device's turn so it never interleaves with a poll.
     * For {@link io.plantwire.api.driver.Driver#write}.
     *
     * @return completes with the result, or exceptionally with a {@link DeviceWriteException} naming what was wrong
     */
    public CompletionStage<WriteResult> write(WriteRequest request) {
        CompletableFuture<WriteResult> result = new CompletableFuture<>();
        if (!request.deviceId().equals(deviceId)) {
            result.completeExceptionally(new DeviceWriteException("this driver serves device '" + deviceId
                    + "', not '" + request.deviceId() + "'"));
            return result;
        }
        DeviceLane.Task task = DeviceLane.task(() -> writeNow(request, result),
                () -> result.completeExceptionally(new DeviceWriteException("device '" + deviceId + "' is stopping")));
        if (!lane.submit(task)) {
            result.completeExceptionally(new DeviceWriteException("device '" + deviceId + "' is stopping"));
        }
        return result;
    }

    private void writeNow(WriteRequest request, CompletableFuture<WriteResult> result) {
        Session session = new Session();
        try {
            WriteResult r = protocol.write(session, request);
            if (!session.metered && session.open != null) {
                counters.answered(System.nanoTime() - session.connectedNanos);
            }
            result.complete(r);
        } catch (DeviceWriteException e) {
            if (!session.metered && session.open != null) {
                counters.failed(Reason.DEVICE_EXCEPTION, "write " + request.point() + ": " + e.getMessage());
            }
            result.completeExceptionally(e);
        } catch (VirtualMachineError e) {
            result.completeExceptionally(e);
            throw e;
        } catch (Throwable e) {
            C c = session.open;
            Quality q = c == null ? Quality.bad(Reason.DISCONNECTED, String.valueOf(e))
                    : connection.failure(c, e, "write " + request.point());
            if (!session.metered) {
                counters.failed(q.reason(), q.detail());
            }
            String what = e instanceof DeviceRefusedException ? "device '" + deviceId + "' refused the write to '"
                    + request.point() + "': " + e.getMessage()
                    : "write to '" + request.point() + "' on device '" + deviceId + "' failed: "
                            + (e.getMessage() == null ? e.toString() : e.getMessage());
            result.completeExceptionally(new DeviceWriteException(what, e));
        }
    }

    /** The connection on demand for a write, and the meter. */
    private final class Session implements WriteSession<C> {
        /** The connection this write opened or found, once asked for. */
        C open;
        long connectedNanos;
        boolean metered;

        @Override
        public C connection() throws DeviceWriteException {
            if (open == null) {
                C c = closed ? null : connection.connected(true);
                if (c == null) {
                    throw new DeviceWriteException(closed ? "device '" + deviceId + "' is stopping"
                            : "device '" + deviceId + "' is not connected: " + counters.lastError());
                }
                open = c;
                connectedNanos = System.nanoTime();
            }
            return open;
        }

        @Override
        public void answered(long roundTripNanos) {
            metered = true;
            counters.answered(roundTripNanos);
        }

        @Override
        public void failed(Reason reason, String message) {
            metered = true;
            counters.failed(reason, message);
        }
    }

    /**
     * Stops the device: no poll starts any more, a running one is unblocked (its connection closed) and waited for
     * (up to 10 s), queued dry-run reads and writes fail with "stopping", and no reading is submitted afterwards.
     * Idempotent. Call it from the component's {@code @Deactivate}.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        synchronized (clocks) {
            for (PollClock clock : clocks) {
                if (clock != null) {
                    clock.cancel();
                }
            }
        }
        lane.abandonAll(); // first: once the read below is unblocked, no queued task may start on the lane
        connection.stop(); // closes the connection, which unblocks a read waiting on the device
        try {
            if (!lane.close(STOP_WAIT_MS)) {
                LOG.warn("Device {}: its running poll did not end within {} ms of stopping", deviceId, STOP_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "PolledDevice[" + driverType + " " + deviceId + " at " + endpoint + "]";
    }

    /** Collects a device's settings; {@link #start} makes it poll. */
    public static final class Builder<C, G> {
        private final String deviceId;
        private final String driverType;
        private final DeviceProtocol<C, G> protocol;
        private final List<PollGroup<G>> groups = new ArrayList<>();
        private String endpoint = "";
        private long backoffMinMs = 500;
        private long backoffMaxMs = 30_000;

        private Builder(String deviceId, String driverType, DeviceProtocol<C, G> protocol) {
            if (deviceId == null || deviceId.isBlank()) {
                throw new IllegalArgumentException("deviceId must not be blank, got '" + deviceId + "'");
            }
            if (driverType == null || driverType.isBlank()) {
                throw new IllegalArgumentException("driverType must not be blank, got '" + driverType + "'");
            }
            this.deviceId = deviceId;
            this.driverType = driverType;
            this.protocol = Objects.requireNonNull(protocol, "protocol");
        }

        /** Where the device is reached, for people, e.g. {@code tcp://10.0.0.5:502 unit 3}. */
        public Builder<C, G> endpoint(String endpoint) {
            this.endpoint = endpoint == null ? "" : endpoint;
            return this;
        }

        /** Adds a poll group. */
        public Builder<C, G> group(PollGroup<G> group) {
            groups.add(Objects.requireNonNull(group, "group"));
            return this;
        }

        /**
         * The wait before the first reconnect attempt after a lost connection or a failed connect, doubling on each
         * failure up to {@code maxMs}. Default 500 ms to 30 s.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public Builder<C, G> reconnectBackoff(long minMs, long maxMs) {
            if (minMs < 1) {
                throw new IllegalArgumentException("reconnect backoff min must be at least 1 ms, got " + minMs);
            }
            if (maxMs < minMs) {
                throw new IllegalArgumentException("reconnect backoff max (" + maxMs + " ms) must be at least the min (" + minMs + " ms)");
            }
            this.backoffMinMs = minMs;
            this.backoffMaxMs = maxMs;
            return this;
        }

        /**
         * A device that polls only when {@link PolledDevice#pollNow} is called, on the calling thread, and submits
         * nothing: for unit tests and benchmarks of a protocol. {@link PolledDevice#readNow()} and
         * {@link PolledDevice#write} also run on the calling thread and are complete when they return.
         *
         * @throws IllegalArgumentException if no poll group was added
         */
        public PolledDevice<C, G> startManual() {
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("device '" + deviceId + "' has no poll group: nothing to poll");
            }
            return new PolledDevice<>(this, io.plantwire.driver.support.internal.CallerRuns.INSTANCE, reading -> {
                throw new IllegalStateException("a manual device submits nothing");
            });
        }

        /**
         * Starts polling: the first poll of each group is queued at once, then one every interval.
         *
         * @throws IllegalArgumentException if no poll group was added
         * @throws RejectedExecutionException if the scheduler is stopped
         */
        public PolledDevice<C, G> start(DeviceScheduler scheduler, ReadingIntake intake) {
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(intake, "intake");
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("device '" + deviceId + "' has no poll group: nothing to poll");
            }
            PolledDevice<C, G> d = new PolledDevice<>(this, scheduler, intake);
            try {
                d.startPolling(scheduler);
            } catch (RuntimeException e) {
                d.close();
                throw e;
            }
            return d;
        }
    }
}
