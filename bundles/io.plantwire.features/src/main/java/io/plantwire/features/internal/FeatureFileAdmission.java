package io.plantwire.features.internal;

import java.nio.file.Path;

import io.plantwire.features.FeatureException;

/**
 * The check a feature file passes before anything in it is read: its detached signature ({@code <file>.sig}) over
 * exactly these bytes, by a key of the gateway's trust store. The installer reads the file's bytes once, admits them
 * and parses the same bytes.
 */
public interface FeatureFileAdmission {

    /**
     * @param file the feature file, for messages and to find its signature next to it
     * @param content the bytes that will be parsed
     * @throws FeatureException naming the file and why it is refused
     */
    void admit(Path file, byte[] content) throws FeatureException;

    /** Admits every file: for tests and trust.mode=off. */
    FeatureFileAdmission ANY = (file, content) -> { };
}
