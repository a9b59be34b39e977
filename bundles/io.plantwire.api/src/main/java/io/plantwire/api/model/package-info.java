/**
 * The Plantwire data model: what drivers produce ({@link io.plantwire.api.model.DeviceReading}) and what flows
 * from the mapper to the sinks ({@link io.plantwire.api.model.AssetRecord}).
 *
 * <p>Every type in this package is immutable and safe to share between threads. Derived copies
 * ({@code withField}, {@code withContext}, ...) share unchanged parts with the original, so a stage that changes one
 * field of a record pays for one small map copy, not a deep copy.
 *
 * <p>1.1: a BAD {@link io.plantwire.api.model.PointSample} carries no value, and the field it becomes neither
 * ({@code hasValue()}); stages and sinks check it before using {@code value()}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.plantwire.api.model;
