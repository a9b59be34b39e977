package io.plantwire.mapper.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.stage.LatestFields;
import io.plantwire.api.stage.Preview;

/**
 * One asset built from points of one or more devices, e.g. tank-2 from meter-2's power and the shared
 * temperature reader's {@code tank2Temperature}. Keeps the latest value of every field and emits the asset's
 * record whenever one of its sources updates. Thread-safe; plain Java so it can be tested and benchmarked
 * without a framework.
 */
public final class AssetMap {

    private final Isa95Path path;
    private final String assetType;
    private final EmissionPolicy policy;
    private final String[] fieldNames;
    /** deviceId -> the bindings fed by that device, so a reading from an unrelated device costs one lookup. */
    private final Map<String, DeviceBindings> byDevice;

    /*
     * Guards latest[]: several devices feed one asset concurrently, and the Mapper contract wants state change
     * and emission under one per-asset lock so records reach the sinks in state order.
     */
    private final ReentrantLock lock = new ReentrantLock();
    /* Flat arrays, not FieldValues: they would live one poll period each and be promoted (LatestFields). */
    private final LatestFields latest;
    private final boolean[] touched;
    /* The fields of the reading being mapped, so the record uses them instead of copies; emptied after each record. */
    private final FieldValue[] fresh;

    /**
     * @param path the asset's ISA-95 path
     * @param assetType the asset's type, e.g. {@code ChemicalTank}
     * @param bindings the fields and their sources; field names must be unique
     * @param policy what a record holds
     * @throws IllegalArgumentException naming the field when a field is mapped twice or there are no fields
     */
    public AssetMap(Isa95Path path, String assetType, List<FieldBinding> bindings, EmissionPolicy policy) {
        this.path = Objects.requireNonNull(path, "path");
        if (assetType == null || assetType.isBlank()) {
            throw new IllegalArgumentException("assetType '" + assetType + "' must not be blank");
        }
        this.assetType = assetType;
        this.policy = Objects.requireNonNull(policy, "policy");
        if (bindings.isEmpty()) {
            throw new IllegalArgumentException("asset " + path + " maps no fields: give fields or csvFile");
        }
        fieldNames = new String[bindings.size()];
        Map<String, List<Integer>> fieldsByDevice = new HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < bindings.size(); i++) {
            FieldBinding b = bindings.get(i);
            if (!seen.add(b.field())) {
                throw new IllegalArgumentException("field '" + b.field() + "' of asset " + path + " is mapped twice");
            }
            fieldNames[i] = b.field();
            fieldsByDevice.computeIfAbsent(b.deviceId(), d -> new ArrayList<>()).add(i);
        }
        Map<String, DeviceBindings> bd = new HashMap<>();
        fieldsByDevice.forEach((device, fieldIndexes) -> {
            int n = fieldIndexes.size();
            String[] points = new String[n];
            String[] units = new String[n];
            int[] fields = new int[n];
            for (int k = 0; k < n; k++) {
                FieldBinding b = bindings.get(fieldIndexes.get(k));
                points[k] = b.point();
                units[k] = b.unit();
                fields[k] = fieldIndexes.get(k);
            }
            bd.put(device, new DeviceBindings(points, units, fields));
        });
        byDevice = Collections.unmodifiableMap(bd);
        latest = new LatestFields(fieldNames.length);
        touched = new boolean[fieldNames.length];
        fresh = new FieldValue[fieldNames.length];
    }

    /**
     * An asset map from field mappings in the configuration form {@code field=deviceId/point[|unit]}; for tests,
     * benchmarks and embedding without Config Admin.
     */
    public static AssetMap of(Isa95Path path, String assetType, EmissionPolicy policy, String... fields) {
        List<FieldBinding> bindings = new ArrayList<>();
        for (String f : fields) {
            bindings.add(FieldBinding.parse(f));
        }
        return new AssetMap(path, assetType, bindings, policy);
    }

    public Isa95Path path() {
        return path;
    }

    /** The device ids this asset takes points from. */
    public java.util.Set<String> deviceIds() {
        return byDevice.keySet();
    }

    /**
     * Takes one reading; emits this asset's record to {@code out} if the reading updated it. State change and
     * emission happen under the asset's lock. In a dry run ({@link Preview#active()}) the record is computed on a
     * copy of the state, so the next real reading sees the state as it was.
     */
    public void map(DeviceReading reading, Consumer<AssetRecord> out) {
        DeviceBindings db = byDevice.get(reading.deviceId());
        if (db == null) {
            return;
        }
        Map<String, PointSample> points = reading.points();
        lock.lock();
        try {
            boolean preview = Preview.active();
            LatestFields latest = preview ? this.latest.copy() : this.latest;
            boolean[] touched = preview ? this.touched.clone() : this.touched;
            boolean any = false;
            for (int k = 0; k < db.points.length; k++) {
                PointSample s = points.get(db.points[k]);
                if (s == null) {
                    continue;
                }
                int f = db.fields[k];
                Instant prev = latest.timestamp(f);
                // A late sample must not overwrite a newer one. A dry run shows what its own reading makes, on a copy
                // of the state: a real poll of the device mapped between the dry run's read and this call is no
                // reason to show nothing (it did, as "no mapper takes readings of this device", in a CI run).
                if (!preview && prev != null && s.sourceTime().isBefore(prev)) {
                    continue;
                }
                FieldValue now = FieldValue.from(s, db.units[k]);
                fresh[f] = now;
                boolean changed = latest.set(f, now);
                touched[f] = policy == EmissionPolicy.ALL_LATEST || changed;
                any |= touched[f];
            }
            if (any) {
                out.accept(buildRecord(latest, touched));
            }
        } finally {
            for (int f : db.fields) {
                fresh[f] = null; // only this device's fields can have been set
            }
            lock.unlock();
        }
    }

    /** Called under the lock. */
    private AssetRecord buildRecord(LatestFields latest, boolean[] touched) {
        boolean all = policy == EmissionPolicy.ALL_LATEST;
        Instant ts = null;
        for (int f = 0; f < fieldNames.length; f++) {
            Instant t = latest.timestamp(f);
            if (t != null && (all || touched[f]) && (ts == null || t.isAfter(ts))) {
                ts = t;
            }
        }
        // straight into the builder: one map copy per record instead of two
        AssetRecord.Builder b = AssetRecord.builder(path, assetType, ts, fieldNames.length);
        for (int f = 0; f < fieldNames.length; f++) {
            if (!latest.isSet(f) || !(all || touched[f])) {
                continue;
            }
            touched[f] = false;
            b.field(fieldNames[f], fresh[f] != null ? fresh[f] : latest.get(f));
        }
        return b.build();
    }

    private static final class DeviceBindings {
        final String[] points;
        final String[] units;
        final int[] fields;

        DeviceBindings(String[] points, String[] units, int[] fields) {
            this.points = points;
            this.units = units;
            this.fields = fields;
        }
    }
}
