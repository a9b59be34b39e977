package io.plantwire.sink.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The issue's fault scenario as a soak run: records at a fixed rate spread over several tanks, the broker stopped
 * for a while in the middle, then exact counts of what a persistent-session subscriber received.
 *
 * <pre>
 * java -cp target/benchmarks.jar io.plantwire.sink.mqtt.internal.OutageSoak [records/s] [seconds] [outage s] [tanks]
 * </pre>
 *
 * Defaults: 1000 records/s for 60 s, the broker stopped for 30 s from second 15, 3 tanks. Exit code 0 only when
 * nothing was lost and every tank's records arrived in order (duplicates of at-least-once delivery removed).
 */
public final class OutageSoak {

    private static final Pattern SEQ = Pattern.compile("\"seq\":\\{\"value\":(\\d+)");

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int outage = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int tanks = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int outageStart = Math.max(1, Math.min(15, seconds - outage - 1));

        Path dir = Files.createTempDirectory("plantwire-soak");
        Files.createDirectories(dir.resolve("broker"));
        BenchBroker broker = new BenchBroker(dir.resolve("broker")).start();
        ConcurrentLinkedQueue<String[]> received = new ConcurrentLinkedQueue<>();
        MqttAsyncClient sub = subscriber(broker.url(), received);
        MqttSink sink = new MqttSink(BenchConfigs.mqtt("broker_url", broker.url(), "store_directory",
                dir.resolve("store").toString(), "reconnect_delay_max_ms", 1000L), dir);

        long total = (long) rate * seconds;
        long[] next = new long[tanks];
        long start = System.nanoTime();
        boolean stopped = false;
        boolean restarted = false;
        long maxBacklog = 0;
        for (long i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int tank = (int) (i % tanks);
            sink.accept(BenchRecords.tankRecord(tank + 1, next[tank]++));
            double t = (System.nanoTime() - start) / 1e9;
            if (!stopped && t >= outageStart) {
                broker.stop();
                stopped = true;
                System.out.printf("t=%.1fs broker stopped (delivered %d)%n", t, sink.status().delivered());
            }
            if (stopped && !restarted && t >= outageStart + outage) {
                maxBacklog = sink.status().backlog();
                broker.start();
                restarted = true;
                System.out.printf("t=%.1fs broker started, backlog %d records, sink connected=%s%n", t, maxBacklog,
                        sink.status().connected());
            }
        }
        System.out.printf("t=%.1fs %d records accepted%n", (System.nanoTime() - start) / 1e9, total);
        long drainStart = System.nanoTime();
        while (sink.status().delivered() < total || sink.status().backlog() > 0) {
            Thread.sleep(50);
            if (System.nanoTime() - drainStart > TimeUnit.MINUTES.toNanos(5)) {
                break;
            }
        }
        Thread.sleep(2000); // let the subscriber's last messages arrive
        System.out.printf("drained in %.1fs after the last record: %s%n", (System.nanoTime() - drainStart) / 1e9,
                sink.status());

        Map<String, List<Long>> first = new HashMap<>();
        Map<String, Set<Long>> seen = new HashMap<>();
        long duplicates = 0;
        for (String[] m : received) {
            Matcher x = SEQ.matcher(m[1]);
            if (!x.find()) {
                continue;
            }
            long seq = Long.parseLong(x.group(1));
            if (seen.computeIfAbsent(m[0], k -> new HashSet<>()).add(seq)) {
                first.computeIfAbsent(m[0], k -> new ArrayList<>()).add(seq);
            } else {
                duplicates++;
            }
        }
        long unique = 0;
        long outOfOrder = 0;
        for (List<Long> seqs : first.values()) {
            unique += seqs.size();
            for (int i = 0; i < seqs.size(); i++) {
                if (seqs.get(i) != i) {
                    outOfOrder++;
                }
            }
        }
        long lost = total - unique;
        System.out.printf("sent %d, received %d unique (%d duplicates), lost %d, out of order %d, "
                + "max backlog %d, store dropped %d%n", total, unique, duplicates, lost, outOfOrder, maxBacklog,
                sink.status().dropped());
        sink.deactivate();
        sub.disconnect().waitForCompletion(5000);
        sub.close(true);
        broker.close();
        System.exit(lost == 0 && outOfOrder == 0 ? 0 : 1);
    }

    private static MqttAsyncClient subscriber(String url, ConcurrentLinkedQueue<String[]> into) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, "soak-subscriber", new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                into.add(new String[] { topic, new String(m.getPayload(), StandardCharsets.UTF_8) });
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int code, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        o.setReceiveMaximum(65535);
        c.connect(o).waitForCompletion(10_000);
        c.subscribe(new MqttSubscription("acme/#", 1)).waitForCompletion(10_000);
        return c;
    }
}
