package io.plantwire.sink.mqtt.internal;

import static io.plantwire.sink.mqtt.internal.MqttSinkTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.test.support.Configs;
import io.plantwire.test.support.MosquittoBroker;

/**
 * The gateway process is killed with SIGKILL while it holds records not yet acknowledged by the broker; a new
 * sink over the same store directory (the restarted gateway) delivers every record the dead one accepted.
 */
class GatewayKillTest {

    @TempDir
    Path dir;

    private MosquittoBroker broker;
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        broker = new MosquittoBroker(dir.resolve("broker")).start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
        broker.close();
    }

    @Test
    void killedWhilePublishingTheLastWillSaysOfflineAndTheRestartDeliversTheRest() throws Exception {
        TestSubscriber status = subscriber("plantwire/gateways/gateway-under-test/status");
        TestSubscriber data = subscriber("acme/#");
        Gateway g = new Gateway(dir.resolve("store"));
        await("online", () -> status.received.stream().anyMatch(r -> r.payload().equals("online")));
        await("publishing", () -> g.lastAccepted.get() >= 1500);
        g.kill();
        // the broker sees the connection die without DISCONNECT and publishes the will
        await("last will", () -> status.received.stream().anyMatch(r -> r.payload().equals("offline")));
        long accepted = g.lastAccepted.get();

        MqttSink restarted = restartedSink();
        await("backlog delivered", () -> restarted.status().backlog() == 0);
        assertEverythingUpTo(data, accepted);
    }

    @Test
    void killedDuringABrokerOutageTheRestartDeliversTheWholeBacklog() throws Exception {
        TestSubscriber data = subscriber("acme/#");
        broker.stop();
        Gateway g = new Gateway(dir.resolve("store"));
        await("backlog built", () -> g.lastAccepted.get() >= 2000);
        g.kill();
        long accepted = g.lastAccepted.get();
        broker.start();

        MqttSink restarted = restartedSink();
        await("backlog delivered", () -> restarted.status().backlog() == 0
                && restarted.status().delivered() >= accepted + 1);
        assertEverythingUpTo(data, accepted);
    }

    private MqttSink restartedSink() throws Exception {
        MqttSink s = new MqttSink(Configs.of(MqttSinkConfig.class, "broker_url", broker.tcpUrl(), "store_directory",
                dir.resolve("store").toString(), "client_id", "gateway-under-test"), dir);
        closeLater.add(s::deactivate);
        return s;
    }

    private TestSubscriber subscriber(String filter) throws Exception {
        TestSubscriber s = new TestSubscriber(broker.tcpUrl(), filter, 1);
        closeLater.add(s);
        return s;
    }

    /** Records 0..accepted arrived, each at least once, in order; one more may have been stored unreported. */
    private static void assertEverythingUpTo(TestSubscriber data, long accepted) throws InterruptedException {
        String topic = Records.tank(1).toString();
        await("subscriber has all", () -> {
            List<Long> seqs = Records.firstArrivals(new ArrayList<>(data.received)).get(topic);
            return seqs != null && seqs.size() >= accepted + 1;
        });
        List<Long> seqs = Records.firstArrivals(new ArrayList<>(data.received)).get(topic);
        assertThat(seqs.size()).isLessThanOrEqualTo((int) accepted + 2);
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("arrival " + i).isEqualTo(i);
        }
    }

    /** The gateway process. */
    private final class Gateway {
        final Process process;
        final AtomicLong lastAccepted = new AtomicLong(-1);
        final Thread reader;

        Gateway(Path store) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    GatewayStandIn.class.getName(), broker.tcpUrl(), store.toString())
                    .redirectError(dir.resolve("gateway.err").toFile()).start();
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.US_ASCII))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("A ")) {
                            lastAccepted.set(Long.parseLong(line.substring(2)));
                        }
                    }
                } catch (Exception e) {
                    // the pipe breaks when the process dies
                }
            });
            reader.start();
            closeLater.add(() -> process.destroyForcibly());
        }

        void kill() throws Exception {
            // SIGKILL from outside; destroyForcibly would also close our end of the pipe before we read it out
            assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).start().waitFor()).isZero();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(137);
            reader.join(30_000);
        }
    }
}
