import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The UNS end of runtime/measure-scenario.sh: subscribes to the demo's asset topics and measures, per message,
 * receive time minus the newest field timestamp of the payload (the driver stamps a sample when the device's answer
 * to that block arrived). Not part of any build: run as a single source file on the Paho 3 jar,
 *
 * <pre>
 * java -cp org.eclipse.paho.client.mqttv3-1.2.5.jar runtime/bench/UnsLatencySubscriber.java \
 *     tcp://127.0.0.1:1883 'acme/#' &lt;messages&gt; &lt;warm-up s&gt; &lt;timeout s&gt; &lt;samples.tsv&gt;
 * </pre>
 *
 * <p>The receive time is taken first thing in Paho's callback with {@link Instant#now()} (microseconds on Linux,
 * the same clock the gateway stamps with). Retained messages and messages during the warm-up are skipped. A second
 * client publishes a probe (QoS 1, its own send time in the payload) every 100 ms through the same broker, so the
 * broker + client share of the latency is measured beside the gateway's. Prints one FIGURE line per figure and
 * writes every sample (receive epoch µs, latency µs, topic, newest field) to the .tsv file.
 */
public final class UnsLatencySubscriber {

    private static final Pattern TIMESTAMP = Pattern.compile("\"([^\"]+)\":\\{[^{}]*\"timestamp\":\"([^\"]+)\"");
    private static final String PROBE_TOPIC = "plantwire-bench/probe";

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: UnsLatencySubscriber <broker url> <topic filter> <messages> <warm-up s>"
                    + " <timeout s> <samples.tsv>");
            System.exit(2);
        }
        String url = args[0];
        String filter = args[1];
        int wanted = Integer.parseInt(args[2]);
        long warmupUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        long timeoutSeconds = Long.parseLong(args[4]);
        Path out = Path.of(args[5]);

        List<long[]> samples = Collections.synchronizedList(new ArrayList<>()); // receive µs, latency µs
        List<String> sampleLines = Collections.synchronizedList(new ArrayList<>());
        List<Long> probes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        long[] skipped = new long[2]; // retained, warm-up

        MqttClient sub = new MqttClient(url, "plantwire-bench-sub-" + ProcessHandle.current().pid(), new MemoryPersistence());
        sub.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Instant received = Instant.now();
                long receivedMicros = micros(received);
                String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
                if (topic.equals(PROBE_TOPIC)) {
                    if (System.nanoTime() >= warmupUntil) {
                        probes.add(receivedMicros - Long.parseLong(payload.trim()));
                    }
                    return;
                }
                if (message.isRetained()) {
                    skipped[0]++;
                    return;
                }
                if (System.nanoTime() < warmupUntil) {
                    skipped[1]++;
                    return;
                }
                int fields = payload.indexOf("\"fields\":");
                int context = payload.indexOf("\"context\":", Math.max(fields, 0));
                if (fields < 0) {
                    return; // not an asset message (status topic)
                }
                Matcher m = TIMESTAMP.matcher(payload.substring(fields + 9, context < 0 ? payload.length() : context));
                long newest = Long.MIN_VALUE;
                String newestField = "";
                while (m.find()) {
                    long t = micros(Instant.parse(m.group(2)));
                    if (t > newest) {
                        newest = t;
                        newestField = m.group(1);
                    }
                }
                if (newest == Long.MIN_VALUE) {
                    return;
                }
                samples.add(new long[] {receivedMicros, receivedMicros - newest});
                sampleLines.add(receivedMicros + "\t" + (receivedMicros - newest) + "\t" + topic + "\t" + newestField);
                if (samples.size() >= wanted) {
                    done.countDown();
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }

            @Override
            public void connectionLost(Throwable cause) {
                System.err.println("subscriber lost its connection: " + cause);
                done.countDown();
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        sub.connect(options);
        sub.subscribe(new String[] {filter, PROBE_TOPIC}, new int[] {1, 1});

        MqttClient probe = new MqttClient(url, "plantwire-bench-probe-" + ProcessHandle.current().pid(),
                new MemoryPersistence());
        probe.connect(options);
        Thread prober = new Thread(() -> {
            while (done.getCount() > 0) {
                try {
                    MqttMessage p = new MqttMessage(Long.toString(micros(Instant.now())).getBytes(StandardCharsets.UTF_8));
                    p.setQos(1);
                    probe.publish(PROBE_TOPIC, p);
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        }, "probe");
        prober.setDaemon(true);
        prober.start();

        boolean complete = done.await(timeoutSeconds, TimeUnit.SECONDS);
        List<Long> latencies = new ArrayList<>();
        synchronized (samples) {
            samples.forEach(s -> latencies.add(s[1]));
        }
        List<Long> probeLatencies;
        synchronized (probes) {
            probeLatencies = new ArrayList<>(probes);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            w.println("received_epoch_us\tlatency_us\ttopic\tnewest_field");
            synchronized (sampleLines) {
                sampleLines.forEach(w::println);
            }
        } catch (IOException e) {
            System.err.println("cannot write " + out + ": " + e);
        }
        probe.disconnect();
        probe.close();
        sub.disconnect();
        sub.close();

        System.out.println(figure("poll->UNS latency (receive - newest field timestamp)", latencies)
                + (complete ? "" : " [INCOMPLETE: " + wanted + " wanted within " + timeoutSeconds + " s]")
                + "; skipped " + skipped[0] + " retained, " + skipped[1] + " in warm-up");
        System.out.println(figure("broker round trip (probe publish -> receive, same broker, QoS 1)", probeLatencies));
        System.exit(complete ? 0 : 1);
    }

    static String figure(String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return String.format("FIGURE %s, %d messages: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", what,
                sorted.size(), pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 100));
    }

    /** Nearest-rank percentile in ms of sorted µs values; NaN when empty. */
    static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1000.0;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
