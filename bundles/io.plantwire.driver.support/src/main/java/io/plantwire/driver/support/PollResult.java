package io.plantwire.driver.support;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

/**
 * Where {@link DeviceProtocol#read} puts the samples of one poll of one group. The reading submitted to the
 * pipeline holds the group's points in the group's order; a point given twice keeps the last sample.
 *
 * <p>Use only on the thread that called {@code read}, and only during that call.
 */
@ProviderType
public interface PollResult extends RequestMeter {

    /** The group being read. */
    PollGroup<?> group();

    /**
     * A GOOD sample with the point's unit from the group, measured now.
     *
     * @throws IllegalArgumentException if the group has no such point
     */
    void good(String point, Value value);

    /**
     * A GOOD sample with the point's unit from the group, measured at the given time (one clock reading per answer
     * is cheaper than one per point).
     *
     * @throws IllegalArgumentException if the group has no such point
     */
    void good(String point, Value value, Instant sourceTime);

    /**
     * A BAD sample of the point (no value), now, with the point's unit from the group.
     *
     * @throws IllegalArgumentException if the group has no such point, or the quality is not BAD
     */
    void bad(String point, Quality quality);

    /**
     * A sample as it is (e.g. UNCERTAIN, or with a unit of its own).
     *
     * @throws IllegalArgumentException if the group has no such point
     */
    void sample(String point, PointSample sample);
}
