import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The measuring end of runtime/measure-throughput.sh (a benchmark, nothing asserted). Every {@code interval}
 * seconds it prints one line with what the gateway delivered in that interval, measured outside the gateway:
 * <ul>
 * <li>MQTT messages/s received by its own subscriber (QoS 0) and tags/s (fields counted in the payloads);</li>
 * <li>Kafka records/s: growth of the topic's end offsets (Admin client);</li>
 * <li>poll -> UNS latency of every {@code latencyEvery}-th MQTT message: receive time minus the newest field
 * timestamp in its JSON (the driver stamps a sample when the device's answer arrived), p50/p99/max of the
 * interval;</li>
 * <li>the gateway process: CPU (100 % = one core) and VmRSS from /proc;</li>
 * <li>after the warm-up, where the machine's CPU went: the gateway (user and kernel time), each process named in
 * {@code others=name:pid,...} (the Modbus server, the brokers, Mosquitto), this probe and the whole machine, and
 * the gateway's CPU time per delivered MQTT message;</li>
 * <li>the sinks' own view (console data.json): backlog and delivered per sink (records the broker acknowledged),
 * readings in.</li>
 * </ul>
 * The subscriber shares the machine with the gateway: when it cannot keep up (its latency grows interval after
 * interval), its msg/s is what it could read, not what the gateway delivered. The sinks' delivered/s and the gateway's
 * CPU per record a sink delivered are the gateway's figures then, and a FIGURE line says the subscriber fell behind.
 * Not part of any build: run as a single source file on the local brokers' class path plus the Paho 3 jar. At the
 * end it prints one FIGURE line per measure over the intervals after the warm-up (mean, and min/max where the
 * spread matters).
 */
public final class ThroughputProbe {

    private static final Pattern SINK = Pattern.compile(
            "\\{\"name\":\"([^\"]*)\",\"connected\":(true|false),\"backlog\":(\\d+),\"delivered\":(\\d+)");
    /** The console's own sink: it keeps the latest records in memory, no broker acknowledges them. */
    private static final String CONSOLE_SINK = "console-latest";
    private static final Pattern READINGS_IN = Pattern.compile("\"readingsIn\":(\\d+)");

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        new ThroughputProbe(a).run();
    }

    private final String mqttUrl;
    private final String filter;
    private final String kafka;
    private final String kafkaTopic;
    private final String consoleUrl;
    private final String consoleAuth;
    private final long pid;
    private final int interval;
    private final int duration;
    private final int warmup;
    private final int latencyEvery;
    private final int rssEvery;
    /** False with {@code subscriber=first}: the own subscriber stops after the first message. */
    private final boolean subscribeAll;
    private final Map<String, Long> others = new java.util.LinkedHashMap<>();

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong tags = new AtomicLong();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

    ThroughputProbe(Map<String, String> a) {
        mqttUrl = a.get("mqtt");
        filter = a.getOrDefault("filter", "bench/#");
        kafka = a.getOrDefault("kafka", "");
        kafkaTopic = a.getOrDefault("kafkaTopic", "bench.lab");
        consoleUrl = a.getOrDefault("console", "");
        consoleAuth = "Basic " + Base64.getEncoder().encodeToString(
                (a.getOrDefault("user", "plantwire") + ":" + a.getOrDefault("password", ""))
                        .getBytes(StandardCharsets.UTF_8));
        pid = Long.parseLong(a.get("pid"));
        interval = Integer.parseInt(a.getOrDefault("interval", "10"));
        duration = Integer.parseInt(a.getOrDefault("duration", "120"));
        warmup = Integer.parseInt(a.getOrDefault("warmup", "30"));
        latencyEvery = Integer.parseInt(a.getOrDefault("latencyEvery", "10"));
        rssEvery = Integer.parseInt(a.getOrDefault("rssEvery", "0"));
        String subscriber = a.getOrDefault("subscriber", "all");
        if (!subscriber.equals("all") && !subscriber.equals("first")) {
            throw new IllegalArgumentException("subscriber=" + subscriber + ": use all or first (PROBE_SUB)");
        }
        subscribeAll = subscriber.equals("all");
        for (String o : a.getOrDefault("others", "").split(",")) {
            int colon = o.indexOf(':');
            if (colon > 0) {
                others.put(o.substring(0, colon), Long.parseLong(o.substring(colon + 1)));
            }
        }
    }

    void run() throws Exception {
        MqttClient sub = new MqttClient(mqttUrl, "throughput-probe-" + ProcessHandle.current().pid(),
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        sub.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) {
                long now = nowMicros();
                long n = messages.incrementAndGet();
                byte[] p = m.getPayload();
                String s = new String(p, StandardCharsets.UTF_8);
                tags.addAndGet(count(s, "\"quality\":"));
                if (n % latencyEvery == 0 && !m.isRetained()) {
                    long newest = newestFieldMicros(s);
                    if (newest > 0) {
                        latencies.add(now - newest);
                    }
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                System.out.println("probe: MQTT connection lost: " + cause);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        sub.connect(o);
        sub.subscribe(filter, 0);
        Admin admin = null;
        if (!kafka.isEmpty()) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            admin = Admin.create(p);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String cursor = null;
        // The clock starts with the first UNS message: on a loaded machine the gateway may need minutes to install
        // the feature and start every device, and those minutes are not the steady state being measured.
        long waitUntil = System.nanoTime() + Integer.parseInt(System.getProperty("probe.startTimeoutSeconds", "600"))
                * 1_000_000_000L;
        while (messages.get() == 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(100); // polling the subscriber's counter for the first message
        }
        if (messages.get() == 0) {
            // nothing to measure: a sink that never started (a bad configuration value, say) must not look like a
            // run with zero throughput
            System.out.println("probe: no UNS message within " + System.getProperty("probe.startTimeoutSeconds", "600")
                    + " s; nothing measured (the gateway log says why)");
            System.exit(3);
        }
        System.out.println("probe: first UNS message after waiting; measuring " + duration + " s from now");
        if (!subscribeAll) {
            // Its subscriber costs ~40 % of a core at 1,800 wide messages/s on the machine being measured.
            sub.unsubscribe(filter);
            System.out.println("probe: its own subscriber stopped after the first message (PROBE_SUB=first): the mqtt "
                    + "msg/s, tags/s and latency columns stay empty; the sinks' delivered/s and a native subscriber "
                    + "(NATIVE_SUB=1) are the figures");
        }
        messages.set(0);
        tags.set(0);
        latencies.clear();

        long start = System.nanoTime();
        long lastMessages = 0, lastTags = 0, lastKafka = kafkaEnd(admin), lastCpu = cpuTicks(), lastReadings = -1;
        Map<String, Long> lastDelivered = new HashMap<>();
        Map<String, List<Double>> sinkRates = new LinkedHashMap<>(); // after warm-up, per sink: delivered/s
        Map<String, Long> deliveredAtSplit = new HashMap<>();
        double lastP50 = -1;
        long lastT = start;
        List<double[]> rows = new ArrayList<>(); // after warm-up: mqtt msg/s, tags/s, kafka/s, cpu, rss, p99, backlog
        CpuSplit split = warmup <= 0 ? new CpuSplit(pid, others) : null;
        long messagesAtSplit = 0;
        System.out.println("  t(s)  mqtt msg/s   tags/s  kafka rec/s   CPU%   RSS MiB  lat p50/p99/max ms   "
                + "readings/s  sinks: backlog (delivered/s)");
        for (int t = interval; t <= duration; t += interval) {
            long wakeAt = start + t * 1_000_000_000L;
            while (System.nanoTime() < wakeAt) {
                Thread.sleep(Math.max(1, (wakeAt - System.nanoTime()) / 1_000_000)); // the sampling period
            }
            long now = System.nanoTime();
            double secs = (now - lastT) / 1e9;
            lastT = now;
            long m = messages.get(), tg = tags.get(), k = kafkaEnd(admin), cpu = cpuTicks();
            double mqttRate = (m - lastMessages) / secs, tagRate = (tg - lastTags) / secs;
            double kafkaRate = k < 0 || lastKafka < 0 ? -1 : (k - lastKafka) / secs;
            double cpuPct = (cpu - lastCpu) / secs; // ticks are 1/100 s: ticks per second = % of one core
            lastMessages = m;
            lastTags = tg;
            lastKafka = k;
            lastCpu = cpu;
            double rss = rssMiB();
            List<Long> lat;
            synchronized (latencies) {
                lat = new ArrayList<>(latencies);
                latencies.clear();
            }
            Collections.sort(lat);
            String sinks = "";
            double readingsRate = -1;
            long backlogTotal = 0;
            if (!consoleUrl.isEmpty()) {
                try {
                    String q = cursor == null ? "" : cursor;
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(consoleUrl + q))
                            .header("Authorization", consoleAuth).timeout(Duration.ofSeconds(20)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    String body = r.body();
                    Matcher store = Pattern.compile("\"storeId\":\"([^\"]*)\",\"cursor\":(\\d+)").matcher(body);
                    if (store.find()) {
                        cursor = "?store=" + store.group(1) + "&since=" + store.group(2);
                    }
                    Matcher s = SINK.matcher(body);
                    StringBuilder b = new StringBuilder();
                    while (s.find()) {
                        long delivered = Long.parseLong(s.group(4));
                        Long before = lastDelivered.put(s.group(1), delivered);
                        long backlog = Long.parseLong(s.group(3));
                        backlogTotal += backlog;
                        if (before != null && t > warmup && !s.group(1).equals(CONSOLE_SINK)) {
                            sinkRates.computeIfAbsent(s.group(1), n -> new ArrayList<>())
                                    .add((delivered - before) / secs);
                        }
                        b.append(' ').append(s.group(1)).append(' ').append(backlog).append(" (")
                                .append(before == null ? "-" : String.format("%.0f", (delivered - before) / secs))
                                .append(')').append(s.group(2).equals("true") ? "" : " DISCONNECTED");
                    }
                    sinks = b.toString();
                    Matcher ri = READINGS_IN.matcher(body);
                    if (ri.find()) {
                        long readings = Long.parseLong(ri.group(1));
                        readingsRate = lastReadings < 0 ? -1 : (readings - lastReadings) / secs;
                        lastReadings = readings;
                    }
                } catch (IOException e) {
                    sinks = " console: " + e;
                }
            }
            double p50 = pct(lat, 0.50), p99 = pct(lat, 0.99), max = lat.isEmpty() ? -1 : lat.get(lat.size() - 1) / 1000.0;
            lastP50 = p50;
            System.out.printf("%6d %11.0f %8.0f %12.0f %6.0f %9.1f  %6.1f/%6.1f/%7.1f   %10.0f %s%n", t, mqttRate,
                    tagRate, kafkaRate, cpuPct, rss, p50, p99, max, readingsRate, sinks);
            if (rssEvery > 0 && t % rssEvery == 0) {
                System.out.printf("RSS t=%ds %.1f MiB%n", t, rss);
            }
            if (t > warmup) {
                rows.add(new double[] { mqttRate, tagRate, kafkaRate, cpuPct, rss, p99, backlogTotal });
            }
            if (split == null && t >= warmup) {
                split = new CpuSplit(pid, others);
                messagesAtSplit = messages.get(); // the same moment as the CPU figures, not the interval's end
                deliveredAtSplit.putAll(lastDelivered);
            }
        }
        if (split != null) {
            split.print(messages.get() - messagesAtSplit);
            for (Map.Entry<String, Long> e : lastDelivered.entrySet()) {
                Long before = deliveredAtSplit.get(e.getKey());
                if (before != null && e.getValue() > before && !e.getKey().equals(CONSOLE_SINK)) {
                    split.printPerRecord(e.getKey(), e.getValue() - before);
                }
            }
        }
        sub.disconnectForcibly(1000);
        sub.close();
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        summary(rows, subscribeAll);
        for (Map.Entry<String, List<Double>> e : sinkRates.entrySet()) {
            List<Double> r = e.getValue();
            System.out.printf("FIGURE sink %s delivered/s (acknowledged by its broker; console data.json): mean %.1f, "
                    + "min %.1f, max %.1f over %d intervals%n", e.getKey(),
                    r.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                    r.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    r.stream().mapToDouble(Double::doubleValue).max().orElse(0), r.size());
        }
        if (lastP50 > 1000) {
            System.out.printf("FIGURE WARNING the probe's subscriber fell behind (p50 latency %.1f s in the last "
                    + "interval): its mqtt msg/s and tags/s are what it could read, not what the gateway delivered; "
                    + "use the sinks' delivered/s and the CPU per record a sink delivered%n", lastP50 / 1000);
        }
    }

    private static void summary(List<double[]> rows, boolean subscribed) {
        if (rows.isEmpty()) {
            System.out.println("FIGURE no intervals after the warm-up");
            return;
        }
        String[] names = { "mqtt msg/s", "mqtt tags/s", "kafka records/s", "gateway CPU %", "gateway RSS MiB",
                "p99 poll->UNS ms (per interval)", "sink backlog records (both sinks)" };
        for (int i = 0; i < names.length; i++) {
            if (!subscribed && (i == 0 || i == 1 || i == 5)) {
                continue; // the probe's own subscriber was off: nothing measured
            }
            double sum = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
            for (double[] r : rows) {
                sum += r[i];
                min = Math.min(min, r[i]);
                max = Math.max(max, r[i]);
            }
            System.out.printf("FIGURE %s: mean %.1f, min %.1f, max %.1f over %d intervals%n", names[i],
                    sum / rows.size(), min, max, rows.size());
        }
        double firstBacklog = rows.get(0)[6], lastBacklog = rows.get(rows.size() - 1)[6];
        System.out.printf("FIGURE backlog first -> last interval after warm-up: %.0f -> %.0f records%n", firstBacklog,
                lastBacklog);
    }

    private long kafkaEnd(Admin admin) {
        if (admin == null) {
            return -1;
        }
        try {
            Map<String, TopicDescription> d = admin.describeTopics(List.of(kafkaTopic)).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            d.get(kafkaTopic).partitions().forEach(p -> specs.put(new TopicPartition(kafkaTopic, p.partition()),
                    OffsetSpec.latest()));
            long sum = 0;
            for (var e : admin.listOffsets(specs).all().get().values()) {
                sum += e.offset();
            }
            return sum;
        } catch (Exception e) {
            return -1; // the topic does not exist yet
        }
    }

    /**
     * CPU ticks (1/100 s) of the gateway (user and kernel apart), of the other named processes, of this probe and of
     * the machine (/proc/stat) at one moment; {@link #print} compares them with the values at the end.
     */
    static final class CpuSplit {
        private final long gatewayPid;
        private final Map<String, Long> pids = new java.util.LinkedHashMap<>();
        private final long[] gateway;
        private final Map<String, Long> ticks = new java.util.LinkedHashMap<>();
        private final long[] machine;
        private final long startNanos = System.nanoTime();

        CpuSplit(long gatewayPid, Map<String, Long> others) throws IOException {
            this.gatewayPid = gatewayPid;
            pids.putAll(others);
            pids.put("probe", ProcessHandle.current().pid());
            gateway = userAndSystem(gatewayPid);
            for (Map.Entry<String, Long> e : pids.entrySet()) {
                long[] us = userAndSystem(e.getValue());
                ticks.put(e.getKey(), us[0] + us[1]);
            }
            machine = machine();
        }

        void print(long messagesSince) throws IOException {
            double secs = (System.nanoTime() - startNanos) / 1e9;
            long[] g = userAndSystem(gatewayPid);
            double user = (g[0] - gateway[0]) / secs, sys = (g[1] - gateway[1]) / secs;
            StringBuilder b = new StringBuilder(String.format("FIGURE CPU %% after the warm-up (100 = one core, %.0f s):"
                    + " gateway %.0f (user %.0f, kernel %.0f)", secs, user + sys, user, sys));
            for (Map.Entry<String, Long> e : pids.entrySet()) {
                long[] us = userAndSystem(e.getValue());
                b.append(String.format(", %s %.0f", e.getKey(), (us[0] + us[1] - ticks.get(e.getKey())) / secs));
            }
            long[] m = machine();
            b.append(String.format(", machine busy %.0f of %d", 100.0 * (m[0] - machine[0]) / (m[1] - machine[1])
                    * Runtime.getRuntime().availableProcessors(), 100 * Runtime.getRuntime().availableProcessors()));
            System.out.println(b);
            if (messagesSince > 0) {
                System.out.printf("FIGURE gateway CPU per delivered MQTT message: %.0f us (user %.0f, kernel %.0f)%n",
                        (user + sys) * secs * 10_000 / messagesSince, user * secs * 10_000 / messagesSince,
                        sys * secs * 10_000 / messagesSince);
            }
        }

        /** The gateway's CPU time since the split per record one sink delivered (the broker acknowledged). */
        void printPerRecord(String sink, long delivered) throws IOException {
            double secs = (System.nanoTime() - startNanos) / 1e9;
            long[] g = userAndSystem(gatewayPid);
            double cpuSeconds = (g[0] - gateway[0] + g[1] - gateway[1]) / 100.0;
            System.out.printf("FIGURE gateway CPU per record sink %s delivered: %.0f us (%d records in %.0f s)%n",
                    sink, cpuSeconds * 1e6 / delivered, delivered, secs);
        }

        /** utime and stime of one process (not of its children): -1 each when it is gone. */
        static long[] userAndSystem(long pid) throws IOException {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return new long[] { Long.parseLong(f[11]), Long.parseLong(f[12]) };
            } catch (java.nio.file.NoSuchFileException gone) {
                return new long[] { -1, -1 };
            }
        }

        /** Busy and total jiffies of all cores (/proc/stat's first line; idle and iowait are not busy). */
        private static long[] machine() throws IOException {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0, idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) { // user .. steal; guest is inside user already
                total += Long.parseLong(f[i]);
            }
            return new long[] { total - idle, total };
        }
    }

    private long cpuTicks() throws IOException {
        long[] us = CpuSplit.userAndSystem(pid);
        return us[0] + us[1];
    }

    private double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1000.0;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    /** The newest field timestamp of an asset message, epoch microseconds; 0 if none. */
    private static long newestFieldMicros(String s) {
        long newest = 0;
        String key = "\"timestamp\":\"";
        int fields = s.indexOf("\"fields\":");
        int context = s.indexOf("\"context\":");
        int end = context < 0 ? s.length() : context; // context values carry their own asOf, not a sample time
        for (int i = s.indexOf(key, Math.max(0, fields)); i >= 0 && i < end; i = s.indexOf(key, i + 1)) {
            int close = s.indexOf('"', i + key.length());
            try {
                Instant t = Instant.parse(s.substring(i + key.length(), close));
                newest = Math.max(newest, t.getEpochSecond() * 1_000_000 + t.getNano() / 1000);
            } catch (RuntimeException e) {
                // a context asOf or malformed text: not a field timestamp
            }
        }
        return newest;
    }

    private static long nowMicros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }
}
