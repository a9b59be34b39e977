/**
 * The sink toolkit: what every store-and-forward sink does the same way, so the next sink (Sparkplug B, a
 * historian) is small.
 * <ul>
 * <li>{@link io.plantwire.sink.support.JsonBytes}: a reusable UTF-8 JSON buffer a sink writes its payload and its
 * own store framing into, without intermediate strings;</li>
 * <li>{@link io.plantwire.sink.support.JsonBytesPool}: the sink component's own buffers, taken per record on the
 * pipeline's threads and released with the component (1.2.0: per-thread buffers kept the library's classes loaded
 * across a hot swap);</li>
 * <li>{@link io.plantwire.sink.support.StoreSettings}: the {@code store.*}, {@code deadletter.*} and
 * {@code refusal.retry.max.attempts} attributes, validated with messages naming the attribute and the value;</li>
 * <li>{@link io.plantwire.sink.support.SinkStatusReport}: the {@link io.plantwire.api.stage.SinkStatus} from the
 * store's and dead letters' counters;</li>
 * <li>{@link io.plantwire.sink.support.Backoff}: the exponential reconnect/retry pause;</li>
 * <li>{@link io.plantwire.sink.support.DrainThread}: the thread that drains the store, its start, its stop (which
 * unblocks a hanging connect) and the pauses a stop ends (1.3.0);</li>
 * <li>{@link io.plantwire.sink.support.DrainStatus}: connected, last error, records delivered and when, as the
 * drain thread and the client's callbacks set them (1.3.0).</li>
 * </ul>
 * The UNS wire format itself is in {@link io.plantwire.sink.uns}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.plantwire.sink.support;
