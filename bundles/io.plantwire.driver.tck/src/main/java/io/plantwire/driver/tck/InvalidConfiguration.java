package io.plantwire.driver.tck;

import java.util.Map;
import java.util.Objects;

/**
 * A device configuration the driver must refuse at activation, and the field its failure message must name.
 *
 * @param properties the configuration properties (e.g. a valid configuration with {@code port = -1})
 * @param field the name of the wrong field, e.g. {@code port}; the activation failure must contain it
 */
public record InvalidConfiguration(Map<String, Object> properties, String field) {

    public InvalidConfiguration {
        properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("field must name the wrong configuration field, got '" + field + "'");
        }
    }
}
