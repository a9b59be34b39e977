/**
 * A crash-safe, disk-backed FIFO queue for sinks: {@link io.plantwire.store.StoreAndForwardQueue}.
 *
 * <p>A sink appends every record it accepts and removes it only after its destination acknowledged it, so a broker
 * outage or a restart of the gateway (even {@code kill -9}) loses nothing the sink accepted. The queue is bounded by
 * bytes; when it is full, its {@link io.plantwire.store.OverflowPolicy} drops the oldest records or rejects new ones,
 * and every such record is counted.
 *
 * <pre>
 * try (StoreAndForwardQueue queue = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
 *     queue.append(payload);                                    // on the pipeline thread
 *     ...
 *     List&lt;StoredRecord&gt; batch = queue.read(queue.headPosition(), 500, 1 &lt;&lt; 20);   // on the sink's thread
 *     send(batch);                                               // wait for the broker's acknowledgement
 *     queue.acknowledge(batch.get(batch.size() - 1).position()); // only now may the records go
 * }
 * </pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.plantwire.store;
