package io.plantwire.api.driver;

import org.osgi.annotation.versioning.ProviderType;

import io.plantwire.api.model.DeviceReading;

/**
 * The gateway's door for drivers: a driver hands each reading it takes to {@link #submit}. Provided by the
 * pipeline as an OSGi service.
 */
@ProviderType
public interface ReadingIntake {

    /**
     * Hands one reading to the pipeline.
     *
     * <p>Runs mapping, normalizing and enrichment on the calling thread and hands the resulting records to the
     * sinks' queues; returns when that is done. While a required stage is missing (its bundle being updated, say)
     * the reading is held in a bounded buffer instead and processed, in order, once the stage is back.
     *
     * <p>Readings of one device must be submitted one at a time, in the order they were read.
     *
     * @param reading the reading, never null
     * @return {@code true} if the reading was processed or is held for processing; {@code false} if the hold
     *         buffer was full and its overflow policy rejected this reading (it is counted)
     */
    boolean submit(DeviceReading reading);
}
