package io.plantwire.api.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one asset (e.g. a chemical tank) as it flows from the mapper through normalizers and context
 * providers to the sinks.
 *
 * <p>Immutable. The {@code with...} methods return a changed copy that shares everything else with this record;
 * they return {@code this} when nothing changes, so stages that usually change nothing cost nothing.
 */
public final class AssetRecord {

    private final Isa95Path path;
    private final String assetType;
    private final Instant timestamp;
    private final Map<String, FieldValue> fields;
    private final Map<String, ContextValue> context;

    private AssetRecord(Isa95Path path, String assetType, Instant timestamp, Map<String, FieldValue> fields,
            Map<String, ContextValue> context) {
        this.path = path;
        this.assetType = assetType;
        this.timestamp = timestamp;
        this.fields = fields;
        this.context = context;
    }

    /**
     * A record with fields and no context.
     *
     * @param path where the asset sits in the ISA-95 hierarchy
     * @param assetType what kind of asset this is (e.g. {@code ChemicalTank}); not blank
     * @param timestamp the record's time, usually the newest of its fields' timestamps
     * @param fields the fields by name, in publishing order
     */
    public static AssetRecord of(Isa95Path path, String assetType, Instant timestamp, Map<String, FieldValue> fields) {
        return builder(path, assetType, timestamp).fields(fields).build();
    }

    public static Builder builder(Isa95Path path, String assetType, Instant timestamp) {
        return builder(path, assetType, timestamp, 0);
    }

    /**
     * A builder for a record of about {@code expectedFields} fields: its map is sized for them up front instead of
     * growing (and copying itself) on the way. A mapper or normalizer that knows the count passes it; a wrong guess
     * costs nothing but that; a count above 65,536 is taken as 65,536.
     *
     * @since 1.2
     */
    public static Builder builder(Isa95Path path, String assetType, Instant timestamp, int expectedFields) {
        return new Builder(path, assetType, timestamp, expectedFields);
    }

    public Isa95Path path() {
        return path;
    }

    public String assetType() {
        return assetType;
    }

    public Instant timestamp() {
        return timestamp;
    }

    /** The fields by name, in publishing order. Unmodifiable. */
    public Map<String, FieldValue> fields() {
        return fields;
    }

    /** One field, or {@code null}. */
    public FieldValue field(String name) {
        return fields.get(name);
    }

    /** The context attributes (batch, product, work order, ...) by key. Unmodifiable. */
    public Map<String, ContextValue> context() {
        return context;
    }

    /** A copy with one field added or replaced. */
    public AssetRecord withField(String name, FieldValue value) {
        Objects.requireNonNull(value, "value");
        if (value.equals(fields.get(name))) {
            return this;
        }
        LinkedHashMap<String, FieldValue> f = new LinkedHashMap<>(fields);
        f.put(requireName("field", name), value);
        return new AssetRecord(path, assetType, timestamp, Collections.unmodifiableMap(f), context);
    }

    /** A copy with the given fields instead of the current ones. */
    public AssetRecord withFields(Map<String, FieldValue> newFields) {
        if (newFields.equals(fields)) {
            return this;
        }
        return new AssetRecord(path, assetType, timestamp, copyFields(newFields), context);
    }

    /** A copy without the named field ({@code this} if there is no such field). */
    public AssetRecord withoutField(String name) {
        if (!fields.containsKey(name)) {
            return this;
        }
        LinkedHashMap<String, FieldValue> f = new LinkedHashMap<>(fields);
        f.remove(name);
        return new AssetRecord(path, assetType, timestamp, Collections.unmodifiableMap(f), context);
    }

    /** A copy with one context attribute added or replaced. */
    public AssetRecord withContext(String key, ContextValue value) {
        Objects.requireNonNull(value, "value");
        if (value.equals(context.get(key))) {
            return this;
        }
        LinkedHashMap<String, ContextValue> c = new LinkedHashMap<>(context);
        c.put(requireName("context key", key), value);
        return new AssetRecord(path, assetType, timestamp, fields, Collections.unmodifiableMap(c));
    }

    /** A copy with the given context attributes added or replaced (others kept). */
    public AssetRecord withContext(Map<String, ContextValue> attributes) {
        if (attributes.isEmpty()) {
            return this;
        }
        LinkedHashMap<String, ContextValue> c = new LinkedHashMap<>(context);
        attributes.forEach((k, v) -> c.put(requireName("context key", k), Objects.requireNonNull(v, k)));
        if (c.equals(context)) {
            return this;
        }
        return new AssetRecord(path, assetType, timestamp, fields, Collections.unmodifiableMap(c));
    }

    /** A copy with another timestamp. */
    public AssetRecord withTimestamp(Instant newTimestamp) {
        if (newTimestamp.equals(timestamp)) {
            return this;
        }
        return new AssetRecord(path, assetType, Objects.requireNonNull(newTimestamp, "timestamp"), fields, context);
    }

    private static String requireName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, got '" + name + "'");
        }
        return name;
    }

    private static Map<String, FieldValue> copyFields(Map<String, FieldValue> in) {
        LinkedHashMap<String, FieldValue> f = new LinkedHashMap<>();
        in.forEach((k, v) -> f.put(requireName("field", k), Objects.requireNonNull(v, k)));
        return Collections.unmodifiableMap(f);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AssetRecord)) {
            return false;
        }
        AssetRecord r = (AssetRecord) o;
        return path.equals(r.path) && assetType.equals(r.assetType) && timestamp.equals(r.timestamp)
                && fields.equals(r.fields) && context.equals(r.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, assetType, timestamp, fields, context);
    }

    @Override
    public String toString() {
        return "AssetRecord[" + path + " (" + assetType + ") @" + timestamp + " " + fields
                + (context.isEmpty() ? "" : " context=" + context) + "]";
    }

    /**
     * Builds one record. Not thread-safe. {@link #build()} hands the builder's maps to the record instead of copying
     * them (a record of 56 fields is built on every poll); a change after {@code build()} copies them first, so a
     * record never changes.
     */
    public static final class Builder {
        private final Isa95Path path;
        private final String assetType;
        private final Instant timestamp;
        private LinkedHashMap<String, FieldValue> fields;
        private LinkedHashMap<String, ContextValue> context = new LinkedHashMap<>();
        private boolean handedOver;

        private Builder(Isa95Path path, String assetType, Instant timestamp, int expectedFields) {
            this.path = Objects.requireNonNull(path, "path");
            this.assetType = requireName("assetType", assetType);
            this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
            this.fields = new LinkedHashMap<>(Maps.capacityFor(expectedFields));
        }

        public Builder field(String name, FieldValue value) {
            own();
            fields.put(requireName("field", name), Objects.requireNonNull(value, name));
            return this;
        }

        public Builder fields(Map<String, FieldValue> values) {
            values.forEach(this::field);
            return this;
        }

        public Builder context(String key, ContextValue value) {
            own();
            context.put(requireName("context key", key), Objects.requireNonNull(value, key));
            return this;
        }

        public AssetRecord build() {
            handedOver = true;
            return new AssetRecord(path, assetType, timestamp, Collections.unmodifiableMap(fields),
                    context.isEmpty() ? Map.of() : Collections.unmodifiableMap(context));
        }

        // the maps belong to a record built before: work on copies from now on
        private void own() {
            if (handedOver) {
                fields = new LinkedHashMap<>(fields);
                context = new LinkedHashMap<>(context);
                handedOver = false;
            }
        }
    }
}
