/**
 * The stage SPIs: what a bundle implements to take part in the data path.
 *
 * <pre>
 * Driver --DeviceReading--&gt; Mapper --AssetRecord--&gt; Normalizer* --&gt; ContextProvider* --&gt; Sink*
 * </pre>
 *
 * <p>Register an implementation as an OSGi service (a DS component with {@code service = Normalizer.class}, say);
 * the pipeline finds it through the whiteboard pattern, and stops using it the moment it is unregistered.
 * Service properties, most easily set with {@link io.plantwire.api.stage.PlantwireStage}:
 * <ul>
 * <li>{@value io.plantwire.api.stage.StageProperties#STAGE_NAME} — the stage's name, used by the pipeline
 * configuration to declare it required and by metrics;</li>
 * <li>{@value io.plantwire.api.stage.StageProperties#ASSET_SELECTOR} — ISA-95 path globs (see
 * {@link io.plantwire.api.model.AssetSelector}) limiting the assets the stage sees; all assets when absent;</li>
 * <li>{@value io.plantwire.api.stage.StageProperties#DEVICE_SELECTOR} — for mappers, the device ids (globs) whose
 * readings the mapper wants; all devices when absent;</li>
 * <li>{@code service.ranking} — normalizers and context providers run from the highest ranking to the lowest.</li>
 * </ul>
 *
 * <p>Threading: stages run on the thread of the driver that produced the reading and must not block (no I/O,
 * no waiting for locks held across I/O). Records of one asset are passed to a normalizer, context provider or
 * sink one at a time and in order; records of different assets may arrive concurrently.
 *
 * <p>Dry runs: stages that keep state between records leave it untouched while
 * {@link io.plantwire.api.stage.Preview#active()} is true; sinks can show what they would send by implementing
 * {@link io.plantwire.api.stage.PublishPreview}.
 *
 * <p>1.1: {@link io.plantwire.api.stage.Preview}, {@link io.plantwire.api.stage.PublishPreview}. 1.2:
 * {@link io.plantwire.api.stage.SinkStatus#oldestRecordTime()}, {@link io.plantwire.api.stage.SinkStatus#builder()}
 * with backlog bytes, {@link io.plantwire.api.stage.SinkDropReason drops by reason} and dead letters, {@link io.plantwire.api.stage.StageProperties#nameOf},
 * {@link io.plantwire.api.stage.ContextProvider#status()}
 * and {@link io.plantwire.api.stage.ContextStatus}. 1.3: {@link io.plantwire.api.stage.LatestFields}, for stages that
 * keep the latest value of every field between records.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.plantwire.api.stage;
