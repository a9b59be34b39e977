package io.plantwire.console.internal;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.stage.PublishPreview;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.api.stage.StageProperties;

import java.time.Clock;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A sink that keeps the latest record of every asset in memory for the console page, with a short trend per
 * numeric field. It takes records without I/O and never rejects: records of assets over {@code max.assets} are
 * counted as dropped.
 *
 * <p>Registered as {@link Sink} (so the pipeline routes every asset to it; a {@value StageProperties#ASSET_SELECTOR}
 * in the configuration narrows that) and under its own class so the console page in this bundle can read it.
 */
@Component(service = {Sink.class, LatestRecordSink.class}, immediate = true,
        configurationPid = ConsoleSettings.PID,
        property = StageProperties.STAGE_NAME + "=" + LatestRecordSink.STAGE_NAME)
@Designate(ocd = ConsoleConfig.class)
public final class LatestRecordSink implements Sink, PublishPreview {

    /** The stage name the pipeline shows for this sink. */
    static final String STAGE_NAME = "console-latest";

    private final LatestRecordStore store;

    @Activate
    public LatestRecordSink(ConsoleConfig config) {
        this(ConsoleSettings.from(config), Clock.systemUTC());
    }

    LatestRecordSink(ConsoleSettings settings, Clock clock) {
        this.store = new LatestRecordStore(settings, clock);
    }

    /** New limits apply without losing what the page shows (only what no longer fits is dropped). */
    @Modified
    void modified(ConsoleConfig config) {
        store.apply(ConsoleSettings.from(config));
    }

    @Override
    public void accept(AssetRecord record) {
        store.offer(record);
    }

    /** The console shows records; it sends nothing anywhere, so a dry run lists nothing for it. */
    @Override
    public List<Publication> preview(AssetRecord record) {
        return List.of();
    }

    @Override
    public SinkStatus status() {
        long notKept = store.notKept();
        String error = notKept == 0 ? ""
                : notKept + " records of assets beyond max.assets=" + store.settings().maxAssets()
                        + " not shown";
        return new SinkStatus(true, 0, store.kept(), notKept, error, store.lastUpdate());
    }

    /** Every kept asset with full trends, sorted by ISA-95 path. */
    List<AssetView> assets() {
        return store.assets();
    }

    /**
     * Every kept asset with the trend points after an earlier cursor of this store.
     *
     * @param storeId the store id that came with the cursor; another id (a restarted sink) means all points
     * @param after the cursor; 0 for all points
     */
    LatestRecordStore.Assets assets(String storeId, long after) {
        return store.assets(store.id().equals(storeId) ? Math.max(0, after) : 0);
    }

    ConsoleSettings settings() {
        return store.settings();
    }
}
