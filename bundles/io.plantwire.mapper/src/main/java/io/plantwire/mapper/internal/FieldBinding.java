package io.plantwire.mapper.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One field of an asset and the device point it comes from, e.g. tank-2's {@code power} from point
 * {@code activePower} of device {@code meter-2}.
 *
 * @param field the field's name on the asset
 * @param deviceId the id of the device that reads the point
 * @param point the point's name in that device's point map
 * @param unit the field's unit; empty to keep the unit the driver reports for the point
 */
record FieldBinding(String field, String deviceId, String point, String unit) {

    /** Field names end up as JSON keys and Kafka record fields: keep them plain. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    FieldBinding {
        Objects.requireNonNull(unit, "unit");
        if (field == null || !FIELD_NAME.matcher(field).matches()) {
            throw new IllegalArgumentException("field '" + field
                    + "' is not a valid field name: use 1-64 characters A-Z a-z 0-9 _ - . starting with a letter or _");
        }
        if (deviceId == null || deviceId.isBlank() || !deviceId.equals(deviceId.strip())) {
            throw new IllegalArgumentException("device '" + deviceId + "' of field '" + field
                    + "' must not be blank or padded with spaces");
        }
        if (point == null || point.isBlank() || !point.equals(point.strip())) {
            throw new IllegalArgumentException("point '" + point + "' of field '" + field
                    + "' must not be blank or padded with spaces");
        }
    }

    /**
     * Parses the configuration form {@code field=deviceId/point} or {@code field=deviceId/point|unit}, e.g.
     * {@code temperature=temperature-reader/tank2Temperature|Cel}.
     *
     * @throws IllegalArgumentException naming the text when it does not have that form
     */
    static FieldBinding parse(String text) {
        String t = text == null ? "" : text.strip();
        int eq = t.indexOf('=');
        int slash = eq < 0 ? -1 : t.indexOf('/', eq);
        if (eq <= 0 || slash < 0) {
            throw new IllegalArgumentException("field mapping '" + text
                    + "' must look like field=deviceId/point or field=deviceId/point|unit");
        }
        int bar = t.indexOf('|', slash);
        String point = bar < 0 ? t.substring(slash + 1) : t.substring(slash + 1, bar);
        String unit = bar < 0 ? "" : t.substring(bar + 1).strip();
        try {
            return new FieldBinding(t.substring(0, eq).strip(), t.substring(eq + 1, slash).strip(), point.strip(),
                    unit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field mapping '" + text + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return field + "=" + deviceId + "/" + point + (unit.isEmpty() ? "" : "|" + unit);
    }
}
