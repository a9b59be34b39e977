package io.plantwire.sink.kafka.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import io.plantwire.test.support.FileTrees;

/**
 * A real single-node KRaft Kafka (broker and controller combined) for tests, reachable at a stable address
 * ({@link #bootstrapServers()}) across {@link #stop()} and {@link #start()}: a restart is a new broker process
 * object on the same log directories, so everything the old one acknowledged is still there.
 */
final class TestKafka implements AutoCloseable {

    private final Path directory;
    private final TcpForwarder front;
    private final SecurityProtocol protocol;
    private final Map<String, String> brokerProperties;
    private final Map<String, Object> clientProperties;
    private KafkaClusterTestKit kit;
    private boolean formatted;

    TestKafka() throws Exception {
        this(SecurityProtocol.PLAINTEXT, Map.of(), Map.of());
    }

    /**
     * @param protocol the security protocol of the broker's client listener
     * @param brokerProperties added to the broker's configuration (e.g. its TLS key store)
     * @param clientProperties what {@link #readAll} needs to connect with that protocol
     */
    TestKafka(SecurityProtocol protocol, Map<String, String> brokerProperties, Map<String, Object> clientProperties)
            throws Exception {
        this.protocol = protocol;
        this.brokerProperties = brokerProperties;
        this.clientProperties = clientProperties;
        directory = Files.createTempDirectory("plantwire-kafka-test");
        front = new TcpForwarder();
        start();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + front.port();
    }

    synchronized void start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setClusterId("plantwire-kafka-test1").setBaseDirectory(directory)
                .setBrokerSecurityProtocol(protocol)
                .setPerServerProperties(Map.of(0, serverProperties()))
                .build();
        kit = new KafkaClusterTestKit.Builder(nodes).setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("num.partitions", "1").setDeleteOnClose(false).build();
        if (!formatted) {
            kit.format();
            formatted = true;
        }
        kit.startup();
        front.target(kit.brokers().values().iterator().next().boundPort(new ListenerName("EXTERNAL")));
        kit.waitForReadyBrokers();
    }

    private Map<String, String> serverProperties() {
        Map<String, String> m = new java.util.HashMap<>(brokerProperties);
        m.put("advertised.listeners", "EXTERNAL://127.0.0.1:" + front.port());
        return m;
    }

    /** Stops the broker: open connections drop, new ones are refused until {@link #start()}. */
    synchronized void stop() throws Exception {
        front.target(0);
        front.cut();
        kit.close();
        kit = null;
    }

    /** Every record of the topics, read from the beginning until {@code expected} records or the timeout. */
    List<ConsumerRecord<byte[], byte[]>> readAll(List<String> topics, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.putAll(clientProperties);
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("isolation.level", "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            // Assigned, not subscribed: no consumer group, no rebalance delay.
            // The sink creates its topics on first send: wait for them to exist.
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : topics) {
                List<org.apache.kafka.common.PartitionInfo> infos = c.partitionsFor(t, Duration.ofSeconds(10));
                while (infos.isEmpty() && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    infos = c.partitionsFor(t, Duration.ofSeconds(10));
                }
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            int quietPolls = 0;
            while (System.nanoTime() < deadline) {
                int before = out.size();
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                // Stop after the expected count and a short quiet spell, so unexpected extras are seen too.
                if (out.size() >= expected) {
                    quietPolls = out.size() == before ? quietPolls + 1 : 0;
                    if (quietPolls >= 3) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws Exception {
        if (kit != null) {
            kit.close();
        }
        front.close();
        FileTrees.delete(directory);
    }
}
