package io.plantwire.pipeline.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.AssetSelector;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.pipeline.DryRun;
import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.pipeline.PipelineStatus;
import io.plantwire.api.pipeline.StageCounters;
import io.plantwire.api.pipeline.StageKind;
import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.Normalizer;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkRejectedException;
import io.plantwire.api.stage.StageProperties;
import io.plantwire.api.text.SafeText;

/**
 * The routing core. Drivers submit readings; mappers, normalizers, context providers and sinks are tracked as
 * services (whiteboard) and each reading runs through them on the submitting thread.
 *
 * <p>Order and completeness:
 * <ul>
 * <li>Readings of one device arrive from one driver thread, in order, and are processed in that order.</li>
 * <li>Everything after the mapper runs under a per-asset lock, so records of one asset reach each sink in the
 * order the mapper emitted them, even when several devices feed the asset.</li>
 * <li>A stage is never removed while a record is inside the pipeline: removing takes the write side of
 * {@link #gate}, processing holds the read side.</li>
 * <li>While a required stage is absent, readings are held in a bounded FIFO; when all required stages are
 * present again a single release thread replays them in order, and new readings queue behind them until the
 * buffer is empty.</li>
 * </ul>
 */
@Component(service = {ReadingIntake.class, PipelineMetrics.class, DryRun.class}, immediate = true,
        configurationPid = PipelineConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PipelineConfig.class)
public final class Pipeline implements ReadingIntake, PipelineMetrics, DryRun {

    private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());
    private static final int STRIPES = 256;

    /** Read side: a reading being processed. Write side: the set of stages changing. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final Object[] assetLocks = new Object[STRIPES];

    // Guarded by the write lock of gate.
    private final List<TrackedStage<Mapper>> mappers = new ArrayList<>();
    private final List<TrackedStage<Normalizer>> normalizers = new ArrayList<>();
    private final List<TrackedStage<ContextProvider>> contexts = new ArrayList<>();
    private final List<TrackedStage<Sink>> sinks = new ArrayList<>();
    private Set<String> required = Set.of();

    private final Map<String, StageMeter> meters = new ConcurrentHashMap<>();
    private volatile StageSet stages = new StageSet(List.of(), List.of(), List.of(), List.of(), Set.of());

    private final HeldReadings held = new HeldReadings(gate.readLock(), () -> stages, this::process);

    private final LongAdder readingsIn = new LongAdder();
    private final LongAdder readingsProcessed = new LongAdder();
    private final LongAdder recordsOut = new LongAdder();
    private final LongAdder unrouted = new LongAdder();

    @Activate
    public Pipeline(PipelineConfig config) {
        for (int i = 0; i < STRIPES; i++) {
            assetLocks[i] = new Object();
        }
        applyConfig(config);
    }

    @Modified
    void modified(PipelineConfig config) {
        applyConfig(config);
    }

    private void applyConfig(PipelineConfig config) {
        int capacity = config.holdCapacity();
        if (capacity < 1) {
            throw new IllegalArgumentException("holdCapacity '" + capacity + "' must be at least 1");
        }
        long maxBytes = config.holdMaxBytes();
        if (maxBytes < PipelineConfig.MIN_HOLD_BYTES || maxBytes > PipelineConfig.MAX_HOLD_BYTES) {
            throw new IllegalArgumentException("holdMaxBytes '" + maxBytes + "' must be between "
                    + PipelineConfig.MIN_HOLD_BYTES + " and " + PipelineConfig.MAX_HOLD_BYTES);
        }
        OverflowPolicy policy = OverflowPolicy.parse("overflowPolicy", config.overflowPolicy());
        long warnDelayMs = config.absentStagesWarnDelayMs();
        if (warnDelayMs < 0 || warnDelayMs > PipelineConfig.MAX_WARN_DELAY_MS) {
            throw new IllegalArgumentException("absentStagesWarnDelayMs '" + warnDelayMs + "' must be between 0 and "
                    + PipelineConfig.MAX_WARN_DELAY_MS);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String n : config.requiredStages()) {
            if (n != null && !n.isBlank()) {
                names.add(n.trim());
            }
        }
        held.configure(capacity, maxBytes, policy, warnDelayMs);
        changeStages(() -> required = Set.copyOf(names));
        LOG.log(Level.INFO, "Pipeline configured: required stages {0}, hold capacity {1} readings / {2} bytes, "
                + "overflow {3}", names, String.valueOf(capacity), String.valueOf(maxBytes), policy);
    }

    @Deactivate
    void deactivate() {
        int lost = held.close();
        if (lost > 0) {
            LOG.log(Level.WARNING, "Pipeline stopped with {0} readings held for missing stages {1}; they are discarded",
                    lost, stages.missingRequired);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Data path

    @Override
    public boolean submit(DeviceReading reading) {
        readingsIn.increment();
        while (true) {
            if (!held.holding()) {
                Lock read = gate.readLock();
                read.lock();
                try {
                    StageSet s = stages;
                    if (s.missingRequired.isEmpty() && !held.holding()) {
                        process(reading, s);
                        return true;
                    }
                } finally {
                    read.unlock();
                }
            }
            switch (held.offer(reading)) {
                case HELD:
                    return true;
                case REFUSED:
                    return false;
                default:
                    // nothing held any more: the release thread emptied the buffer meanwhile; process it here
            }
        }
    }

    private void process(DeviceReading reading, StageSet s) {
        readingsProcessed.increment();
        TrackedStage<Mapper>[] ms = s.mappersFor(reading.deviceId());
        for (TrackedStage<Mapper> m : ms) {
            StageMeter meter = m.meter;
            meter.in.increment();
            long t0 = System.nanoTime();
            try {
                m.service.map(reading, new Emitter(s, meter));
                recovered(meter);
            } catch (RuntimeException e) {
                failed(m, e, "reading of device " + SafeText.printable(reading.deviceId(), 200));
            } finally {
                meter.timed(System.nanoTime() - t0);
            }
        }
    }

    /** Receives a mapper's records and takes each through the rest of the pipeline. */
    private final class Emitter implements Consumer<AssetRecord> {
        private final StageSet s;
        private final StageMeter mapper;

        Emitter(StageSet s, StageMeter mapper) {
            this.s = s;
            this.mapper = mapper;
        }

        @Override
        public void accept(AssetRecord record) {
            mapper.out.increment();
            route(record, s);
        }
    }

    private void route(AssetRecord record, StageSet s) {
        Isa95Path path = record.path();
        StageSet.Route route = s.routeFor(path);
        synchronized (assetLock(path)) {
            AssetRecord r = record;
            for (TrackedStage<Normalizer> n : route.normalizers) {
                StageMeter meter = n.meter;
                meter.in.increment();
                long t0 = System.nanoTime();
                AssetRecord next;
                try {
                    next = n.service.normalize(r);
                    recovered(meter);
                } catch (RuntimeException e) {
                    // An unnormalized value must not be published as if it were clean: the record stops here.
                    failed(n, e, "record of " + path);
                    return;
                } finally {
                    meter.timed(System.nanoTime() - t0);
                }
                if (next == null || next.fields().isEmpty()) {
                    meter.filtered.increment();
                    return;
                }
                meter.out.increment();
                r = next;
            }
            for (TrackedStage<ContextProvider> c : route.contexts) {
                StageMeter meter = c.meter;
                meter.in.increment();
                long t0 = System.nanoTime();
                try {
                    AssetRecord next = c.service.enrich(r);
                    if (next != null) {
                        r = next;
                    }
                    meter.out.increment();
                    recovered(meter);
                } catch (RuntimeException e) {
                    // Missing context is visible as missing; the measured values still go out.
                    failed(c, e, "record of " + path);
                } finally {
                    meter.timed(System.nanoTime() - t0);
                }
            }
            if (route.sinks.length == 0) {
                unrouted.increment();
                return;
            }
            for (TrackedStage<Sink> k : route.sinks) {
                StageMeter meter = k.meter;
                meter.in.increment();
                long t0 = System.nanoTime();
                try {
                    k.service.accept(r);
                    meter.out.increment();
                    recovered(meter);
                } catch (SinkRejectedException | RuntimeException e) {
                    failed(k, e, "record of " + path);
                } finally {
                    meter.timed(System.nanoTime() - t0);
                }
            }
            recordsOut.increment();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Dry run

    /**
     * The data path of {@link #process} and {@link #route} without side effects ({@link DryRunPath}). Runs
     * regardless of the hold buffer (nothing is delivered, so order does not matter) and says when readings are
     * held meanwhile.
     */
    @Override
    public List<Result> run(DeviceReading reading) {
        Lock read = gate.readLock();
        read.lock();
        try {
            return DryRunPath.run(reading, stages, this::assetLock);
        } finally {
            read.unlock();
        }
    }

    /** The lock that keeps records of one asset in order through normalizers, context providers and sinks. */
    private Object assetLock(Isa95Path path) {
        return assetLocks[(path.hashCode() & 0x7fffffff) % STRIPES];
    }

    private static void recovered(StageMeter meter) {
        if (meter.failing) {
            meter.failing = false;
            LOG.log(Level.INFO, "{0} {1} works again", meter.kind, meter.name);
        }
    }

    private static void failed(TrackedStage<?> stage, Exception e, String what) {
        StageMeter meter = stage.meter;
        meter.failed.increment();
        if (!meter.failing) {
            meter.failing = true; // log the first failure of a run, not one per record
            LOG.log(Level.ERROR, stage.kind + " " + stage.name + " failed on a " + what
                    + "; further failures are counted until it succeeds again", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Whiteboard

    @Reference(service = Mapper.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeMapper", updated = "updatedMapper")
    void addMapper(Mapper service, Map<String, Object> props) {
        add(mappers, service, StageKind.MAPPER, props);
    }

    void updatedMapper(Mapper service, Map<String, Object> props) {
        update(mappers, service, StageKind.MAPPER, props);
    }

    void removeMapper(Mapper service, Map<String, Object> props) {
        remove(mappers, service);
    }

    @Reference(service = Normalizer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeNormalizer", updated = "updatedNormalizer")
    void addNormalizer(Normalizer service, Map<String, Object> props) {
        add(normalizers, service, StageKind.NORMALIZER, props);
    }

    void updatedNormalizer(Normalizer service, Map<String, Object> props) {
        update(normalizers, service, StageKind.NORMALIZER, props);
    }

    void removeNormalizer(Normalizer service, Map<String, Object> props) {
        remove(normalizers, service);
    }

    @Reference(service = ContextProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeContextProvider", updated = "updatedContextProvider")
    void addContextProvider(ContextProvider service, Map<String, Object> props) {
        add(contexts, service, StageKind.CONTEXT, props);
    }

    void updatedContextProvider(ContextProvider service, Map<String, Object> props) {
        update(contexts, service, StageKind.CONTEXT, props);
    }

    void removeContextProvider(ContextProvider service, Map<String, Object> props) {
        remove(contexts, service);
    }

    @Reference(service = Sink.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSink", updated = "updatedSink")
    void addSink(Sink service, Map<String, Object> props) {
        add(sinks, service, StageKind.SINK, props);
    }

    void updatedSink(Sink service, Map<String, Object> props) {
        update(sinks, service, StageKind.SINK, props);
    }

    void removeSink(Sink service, Map<String, Object> props) {
        remove(sinks, service);
    }

    private <T> void add(List<TrackedStage<T>> list, T service, StageKind kind, Map<String, Object> props) {
        TrackedStage<T> tracked = track(service, kind, props);
        if (tracked == null) {
            return;
        }
        changeStages(() -> {
            list.add(tracked);
            tracked.meter.present++;
        });
        LOG.log(Level.INFO, "Stage added: {0}", tracked);
    }

    private <T> void update(List<TrackedStage<T>> list, T service, StageKind kind, Map<String, Object> props) {
        TrackedStage<T> tracked = track(service, kind, props);
        changeStages(() -> {
            for (TrackedStage<T> old : list) {
                if (old.service == service) {
                    old.meter.present--;
                }
            }
            list.removeIf(t -> t.service == service);
            if (tracked != null) {
                list.add(tracked);
                tracked.meter.present++;
            }
        });
    }

    private <T> void remove(List<TrackedStage<T>> list, T service) {
        List<TrackedStage<T>> removed = new ArrayList<>();
        changeStages(() -> {
            for (TrackedStage<T> old : list) {
                if (old.service == service) {
                    old.meter.present--;
                    removed.add(old);
                }
            }
            list.removeIf(t -> t.service == service);
        });
        removed.forEach(t -> LOG.log(Level.INFO, "Stage removed: {0}", t));
    }

    /** A stage service as tracked, or null (logged) when its properties are invalid: it is then treated as absent. */
    private <T> TrackedStage<T> track(T service, StageKind kind, Map<String, Object> props) {
        String name = TrackedStage.nameOf(props);
        AssetSelector assets;
        DeviceSelector devices;
        try {
            assets = AssetSelector.of(TrackedStage.strings(props.get(StageProperties.ASSET_SELECTOR)));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "{0} {1} is not used: {2} {3}", kind, name, StageProperties.ASSET_SELECTOR,
                    e.getMessage());
            return null;
        }
        devices = DeviceSelector.of(TrackedStage.strings(props.get(StageProperties.DEVICE_SELECTOR)));
        StageMeter meter = meters.computeIfAbsent(kind + ":" + name, k -> new StageMeter(kind, name));
        return new TrackedStage<>(service, kind, name, assets, devices, TrackedStage.rankingOf(props),
                TrackedStage.serviceIdOf(props), meter);
    }

    /**
     * Changes the stage lists under the write lock, so no reading is inside the pipeline meanwhile, then publishes
     * a new snapshot and releases held readings if nothing required is missing any more.
     */
    private void changeStages(Runnable change) {
        Lock write = gate.writeLock();
        write.lock();
        StageSet next;
        try {
            change.run();
            Set<String> present = new LinkedHashSet<>();
            mappers.forEach(t -> present.add(t.name));
            normalizers.forEach(t -> present.add(t.name));
            contexts.forEach(t -> present.add(t.name));
            sinks.forEach(t -> present.add(t.name));
            Set<String> missing = new LinkedHashSet<>(required);
            missing.removeAll(present);
            StageSet previous = stages;
            next = new StageSet(mappers, normalizers, contexts, sinks, missing);
            stages = next;
            if (!missing.equals(previous.missingRequired)) {
                held.requiredChanged(missing);
            }
        } finally {
            write.unlock();
        }
        held.stagesChanged(next);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Metrics

    @Override
    public List<StageCounters> stages() {
        long waiting = held.size();
        Set<String> missing = stages.missingRequired;
        List<StageCounters> out = new ArrayList<>();
        for (StageMeter m : meters.values()) {
            out.add(m.snapshot(missing.contains(m.name) ? waiting : 0));
        }
        out.sort(Comparator.comparing(StageCounters::kind).thenComparing(StageCounters::name));
        return out;
    }

    @Override
    public PipelineStatus status() {
        List<String> missing = new ArrayList<>(stages.missingRequired);
        missing.sort(null);
        return held.read(hold -> new PipelineStatus(readingsIn.sum(), readingsProcessed.sum(), recordsOut.sum(),
                hold.size(), hold.maxCount(), hold.dropped(), hold.rejected(), unrouted.sum(), missing, hold.bytes(),
                hold.maxBytes()));
    }

    @Override
    public String toString() {
        return "Pipeline" + Arrays.asList(stages.mappers.size(), stages.normalizers.size(), stages.contexts.size(),
                stages.sinks.size());
    }
}
