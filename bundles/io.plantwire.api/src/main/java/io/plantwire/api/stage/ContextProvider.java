package io.plantwire.api.stage;

import org.osgi.annotation.versioning.ConsumerType;

import io.plantwire.api.model.AssetRecord;

/**
 * Adds production context (batch, product, work order, static asset attributes) to asset records.
 *
 * <p>A context provider answers from memory. Lookups against MES/ERP systems (REST, SQL) happen in the
 * background, on the provider's own threads, and fill a cache; {@link #enrich} never waits for them. When the
 * source is unreachable the provider decides, by its configuration, to keep the last known values marked
 * {@link io.plantwire.api.model.ContextValue#stale() stale} or to leave them out.
 *
 * <p>Providers run after all normalizers, in {@code service.ranking} order.
 */
@ConsumerType
public interface ContextProvider {

    /**
     * Adds context to one record.
     *
     * @param record the record, never null
     * @return the record with context attributes added ({@code record} itself if there is nothing to add)
     */
    AssetRecord enrich(AssetRecord record);

    /**
     * The provider's cache and lookup state. Called by metrics and health checks at any time, from any thread; must
     * be cheap and must not block on the source.
     *
     * @return the state, or {@link ContextStatus#UNKNOWN} for providers that keep no cache (the default)
     * @since 1.2
     */
    default ContextStatus status() {
        return ContextStatus.UNKNOWN;
    }
}
