package io.plantwire.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * Hot swap under load (issue 6): the reference scenario runs in the exported gateway, a UNS subscriber collects every
 * tank message, and the Modbus driver bundle is updated in place 20 times from the gateway's own Gogo shell (typed
 * into the process's stdin, as a site engineer would). Checks that publishing resumes for every tank after every
 * update, that no other stage is ever removed and no sink restarts, and that threads and heap come back to their
 * baseline. Gaps, latency and heap are reported as {@code FIGURE} lines, never asserted as times.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotSwapIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int UPDATES = 20;
    /** The demo's pollIntervalMs; the feature has no variable for it, so the test keeps the demo's 1 s. */
    private static final long POLL_INTERVAL_MS = 1000;
    private static final Duration SETTLE = Duration.ofSeconds(4);
    private static final Duration STEADY = Duration.ofSeconds(10);
    /** The demo's pipeline stages: 3 mappers, the rule set, 3 static and 1 SQL context provider, 2 sinks. */
    private static final List<String> STAGES = List.of("tank-1-map", "tank-2-map", "tank-3-map", "tank-rules",
            "tank-1-static", "tank-2-static", "tank-3-static", "mes-sql", "uns-mqtt", "kafka");
    private static final Pattern STAGE_ADDED = Pattern.compile("Stage added: \\S+ (\\S+) \\(");
    private static final List<String> TANKS = List.of("tank-1", "tank-2", "tank-3");
    private static final String AREA = "acme/rotterdam/tankfarm/line-1/cell-a/";
    private static final String DRIVER = "io.plantwire.driver.modbus";
    /** The installer's report line for an in-place update of the driver (see FeatureCommands / docs/features.md). */
    private static final Pattern UPDATED = Pattern.compile("(?m)^\\s*updated: " + Pattern.quote(DRIVER) + " ");
    private static final Pattern SHELL_ERROR = Pattern.compile("(?m)^.*gogo: .*$");
    private static final Pattern STAGE_REMOVED = Pattern.compile("(?m)^.*Stage removed: .*$");
    private static final Pattern MQTT_SINK_STARTED = Pattern.compile("(?m)MQTT sink '[^']*' -> .* started; ");
    private static final Pattern KAFKA_SINK_STARTED = Pattern.compile("(?m)Kafka sink '[^']*' started \\(");
    private static final String DRIVER_THREAD_PREFIX = "plantwire-modbus-";
    /** The simulator's threads share the driver's prefix ({@code plantwire-modbus-sim-<port>-...}). */
    private static final String SIMULATOR_THREAD_PREFIX = "plantwire-modbus-sim-";

    @TempDir
    static Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private DemoScenario scenario;
    private Process gateway;
    private OutputStream shell;
    private Path output;
    private MqttClient subscriber;

    /** One UNS asset message as the subscriber saw it; times in microseconds since the epoch (same machine clock). */
    record TankMessage(String tank, long receivedUs, long newestFieldUs, long powerUs, long temperatureUs,
            boolean hasContext) {
    }

    /** From typing the command until every tank had power and temperature measured after the update returned. */
    record UpdateWindow(long startUs, long resumedUs) {
        boolean contains(long us) {
            return us >= startUs && us <= resumedUs;
        }
    }

    private final List<TankMessage> messages = Collections.synchronizedList(new ArrayList<>());
    private final List<String> undecodable = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void startBrokersAndGateway() throws Exception {
        scenario = DemoScenario.startBrokers(tmp);
        int mqttPort = scenario.mqttPort;
        subscriber = new MqttClient("tcp://127.0.0.1:" + mqttPort, "hot-swap-it", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        subscriber.connect(options);
        subscriber.subscribe(AREA + "+", 1, (topic, message) -> {
            long receivedUs = micros(Instant.now());
            // Never throw here: Paho would drop the connection and the test would see a gap that is not the gateway's.
            try {
                messages.add(decode(topic.substring(AREA.length()), receivedUs,
                        json.readTree(new String(message.getPayload(), StandardCharsets.UTF_8))));
            } catch (Exception | Error e) {
                undecodable.add(topic + ": " + e);
            }
        });

        gateway = scenario.startGateway(tmp);
        output = scenario.output();
        // stdin stays open: it is the Gogo shell the test types into.
        shell = gateway.getOutputStream();
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (subscriber != null && subscriber.isConnected()) {
            subscriber.disconnectForcibly(1000);
            subscriber.close();
        }
        if (scenario != null) {
            scenario.close(); // closes the shell's stdin, stops the gateway, then the brokers
        }
    }

    @Test
    void driverUpdatedTwentyTimesUnderLoadKeepsEveryOtherStageAndLeavesNothingBehind() throws Exception {
        long testStart = System.nanoTime();
        await("all three tanks on the UNS with MES context", () -> TANKS.stream()
                .allMatch(tank -> snapshot().stream().anyMatch(m -> m.tank().equals(tank) && m.hasContext())));
        // The Kafka sink is no required stage: tank messages reach MQTT before it is added when its start is slow
        // (seen with another gateway test starting beside this one).
        await("every stage of the demo added", () -> stagesAddedIn(outputSince(0)).containsAll(STAGES));
        // Everything from here on must leave the stages alone; the install's own log lines are before this mark.
        long outputMark = Files.size(output);

        Thread.sleep(SETTLE.toMillis()); // warm-up: sinks connected, first MES lookups done, steady polling
        long steadyFromUs = micros(Instant.now());
        Thread.sleep(STEADY.toMillis()); // undisturbed messages for the latency figure
        // Measuring forces a full GC, which stops the gateway: messages around it do not count for latency.
        List<UpdateWindow> measuring = new ArrayList<>();
        long measureStartUs = micros(Instant.now());
        Resources before = resources();
        measuring.add(new UpdateWindow(measureStartUs, micros(Instant.now()) + POLL_INTERVAL_MS * 1000));
        // Keep the forced GC's pause out of the first update's (widened) gap window.
        Thread.sleep(2 * POLL_INTERVAL_MS);

        List<UpdateWindow> windows = new ArrayList<>();
        for (int i = 1; i <= UPDATES; i++) {
            long startUs = micros(Instant.now());
            long shellMark = Files.size(output);
            shell.write(("plantwire:update " + DRIVER + "\n").getBytes(StandardCharsets.UTF_8));
            shell.flush();
            int expected = i;
            await("shell report of driver update " + i, () -> {
                String out = outputSince(shellMark);
                Matcher error = SHELL_ERROR.matcher(out);
                if (error.find()) {
                    fail("update " + expected + " failed in the shell: " + error.group() + "\n" + tail());
                }
                return count(UPDATED, outputSince(outputMark)) >= expected;
            });
            // The old driver is stopped before the installer reports; a value measured after the report can only come
            // from the new revision's pollers.
            long updatedUs = micros(Instant.now());
            await("power and temperature of every tank measured after driver update " + i, () -> TANKS.stream()
                    .allMatch(tank -> snapshot().stream().anyMatch(m -> m.tank().equals(tank)
                            && m.powerUs() > updatedUs && m.temperatureUs() > updatedUs)));
            long resumedUs = TANKS.stream().mapToLong(tank -> snapshot().stream()
                    .filter(m -> m.tank().equals(tank) && m.powerUs() > updatedUs && m.temperatureUs() > updatedUs)
                    .mapToLong(TankMessage::receivedUs).min().orElseThrow()).max().orElseThrow();
            windows.add(new UpdateWindow(startUs, resumedUs));
        }

        Thread.sleep(SETTLE.toMillis()); // the same steady state as before the first update
        long steadyToUs = micros(Instant.now());
        Resources after = resources();
        String gatewayOutput = outputSince(0);
        List<TankMessage> all = snapshot();

        // Gap per update: the longest silence of a tank across the update (from its last message before the command
        // to its first after, and any interval in between), minus the poll interval that separates messages anyway.
        // The window is widened by one poll interval on each side: an update that happens to fall between two polls
        // and is over before the next one has a window shorter than a poll, and would otherwise look like a
        // negative gap; widened, a swap nobody notices reads about 0.
        List<Double> gapsMs = new ArrayList<>();
        for (UpdateWindow w : windows) {
            long longest = 0;
            for (String tank : TANKS) {
                List<TankMessage> ofTank = all.stream().filter(m -> m.tank().equals(tank))
                        .sorted(Comparator.comparingLong(TankMessage::receivedUs)).toList();
                for (int k = 1; k < ofTank.size(); k++) {
                    long a = ofTank.get(k - 1).receivedUs();
                    long b = ofTank.get(k).receivedUs();
                    if (b >= w.startUs() - POLL_INTERVAL_MS * 1000 && a <= w.resumedUs() + POLL_INTERVAL_MS * 1000) {
                        longest = Math.max(longest, b - a);
                    }
                }
            }
            gapsMs.add(longest / 1000.0 - POLL_INTERVAL_MS);
        }
        // Latency: receive time minus the newest field's source timestamp. It covers the poll answer -> pipeline
        // (map, normalize, context) -> store-and-forward queue -> broker -> subscriber path, but not the poll interval
        // (the timestamp is taken when the device answered). Only messages outside the update windows and outside the
        // resource measurements (a forced full GC stops the gateway) count.
        List<Double> latenciesMs = all.stream()
                .filter(m -> m.receivedUs() > steadyFromUs && m.receivedUs() < steadyToUs)
                .filter(m -> windows.stream().noneMatch(w -> w.contains(m.receivedUs())))
                .filter(m -> measuring.stream().noneMatch(w -> w.contains(m.receivedUs())))
                .map(m -> (m.receivedUs() - m.newestFieldUs()) / 1000.0).sorted().toList();
        List<Double> windowsMs = windows.stream().map(w -> (w.resumedUs() - w.startUs()) / 1000.0).toList();

        System.out.println(String.format(Locale.ROOT,
                "FIGURE hot-swap gap per driver update (longest tank interval around it minus %d ms poll), %d updates:"
                        + " min %d ms, median %d ms, max %d ms",
                POLL_INTERVAL_MS, gapsMs.size(), Math.round(percentile(gapsMs, 0)),
                Math.round(percentile(gapsMs, 50)), Math.round(percentile(gapsMs, 100))));
        System.out.println(String.format(Locale.ROOT,
                "FIGURE hot-swap command typed -> all tanks with values measured after the update: min %.0f ms,"
                        + " median %.0f ms, max %.0f ms",
                percentile(windowsMs, 0), percentile(windowsMs, 50), percentile(windowsMs, 100)));
        System.out.println(String.format(Locale.ROOT,
                "FIGURE hot-swap latency (receive - newest field timestamp) outside update windows, %d messages:"
                        + " p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                latenciesMs.size(), percentile(latenciesMs, 50), percentile(latenciesMs, 99),
                percentile(latenciesMs, 100)));
        System.out.println("FIGURE hot-swap threads before/after " + UPDATES + " updates: " + before.threads + " / "
                + after.threads + " (driver " + before.driverThreads + " / " + after.driverThreads + ", simulator "
                + before.simulatorThreads + " / " + after.simulatorThreads + ")");
        System.out.println("FIGURE hot-swap driver objects before/after: components " + before.driverComponents
                + " / " + after.driverComponents + " (class revisions with instances " + before.driverComponentClasses
                + " / " + after.driverComponentClasses + "), pollers " + before.driverPollers + " / "
                + after.driverPollers);
        System.out.println("FIGURE hot-swap classes during the updates: " + (after.classesLoaded - before.classesLoaded)
                + " loaded, " + (after.classesUnloaded - before.classesUnloaded) + " unloaded");
        System.out.println(String.format(Locale.ROOT,
                "FIGURE hot-swap heap used after full GC before/after: %.1f / %.1f MiB; metaspace %.1f / %.1f MiB",
                before.heapKiB / 1024.0, after.heapKiB / 1024.0, before.metaspaceKiB / 1024.0,
                after.metaspaceKiB / 1024.0));
        System.out.println("FIGURE hot-swap tank messages received: " + all.size() + " in "
                + Duration.ofNanos(System.nanoTime() - testStart).toSeconds() + " s");

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(undecodable).as("UNS messages the subscriber could not decode").isEmpty();
        List<String> stageRemovals = new ArrayList<>();
        Matcher removed = STAGE_REMOVED.matcher(outputSince(outputMark));
        while (removed.find()) {
            stageRemovals.add(removed.group());
        }
        // The pipeline's stage log reaches this output (else the check below could not fail): every stage was added.
        softly.assertThat(stagesAddedIn(outputUntil(outputMark))).as("stages added before the updates")
                .containsAll(STAGES);
        // The driver is no pipeline stage: mappers, normalizer, context providers and sinks must stay registered.
        softly.assertThat(stageRemovals).as("stages removed while the driver was updated").isEmpty();
        softly.assertThat(count(MQTT_SINK_STARTED, gatewayOutput)).as("MQTT sink start lines").isEqualTo(1);
        softly.assertThat(count(KAFKA_SINK_STARTED, gatewayOutput)).as("Kafka sink start lines").isEqualTo(1);
        softly.assertThat(count(UPDATED, gatewayOutput)).as("driver updates reported").isEqualTo(UPDATES);
        // +2: the JVM starts and stops JIT compiler threads on demand (UseDynamicNumberOfCompilerThreads), and idle
        // pool threads (Jetty, Kafka/Paho clients, the common pool) come and go by one or two between two samples.
        // A poller (or simulator connection) left behind per update would be +20 or more.
        softly.assertThat(after.threads).as("gateway threads after %d updates (before: %d; %s)", UPDATES,
                before.threads, after).isLessThanOrEqualTo(before.threads + 2);
        // The devices share the driver bundle's pool (io.plantwire.driver.support, 8 threads by default); the old
        // revisions' pools stopped with them.
        softly.assertThat(after.driverThreads).as("driver pool threads after the updates: %s",
                after.driverThreadNames).isBetween(1, 8);
        // The previous revisions' components and pollers are unreachable once the update returned: one per device.
        softly.assertThat(after.driverComponents).as("live driver components after the updates (%s)", after)
                .isEqualTo(4);
        softly.assertThat(after.driverPollers).as("live driver pollers after the updates (%s)", after).isEqualTo(4);
        // +32 MiB: a serial full GC leaves some young garbage and caches (Kafka/Paho buffers, JIT) vary; the whole
        // steady scenario lives in a few tens of MiB, so an old driver revision kept alive per update (its pollers,
        // connections and point maps) would show as a steady climb far beyond it, up to the 256 MiB limit.
        softly.assertThat(after.heapKiB).as("heap used after full GC (before: %d KiB)", before.heapKiB)
                .isLessThanOrEqualTo(before.heapKiB + 32 * 1024);
        softly.assertAll();
    }

    private TankMessage decode(String tank, long receivedUs, JsonNode record) {
        long newest = Long.MIN_VALUE;
        Iterator<Map.Entry<String, JsonNode>> fields = record.path("fields").fields();
        while (fields.hasNext()) {
            newest = Math.max(newest, micros(Instant.parse(fields.next().getValue().path("timestamp").asText())));
        }
        return new TankMessage(tank, receivedUs, newest, fieldMicros(record, "power"),
                fieldMicros(record, "temperature"), record.path("context").has("batchId"));
    }

    private static long fieldMicros(JsonNode record, String field) {
        JsonNode ts = record.path("fields").path(field).path("timestamp");
        return ts.isTextual() ? micros(Instant.parse(ts.asText())) : Long.MIN_VALUE;
    }

    /** What the gateway process holds: threads from the kernel and the JVM, heap after a forced full GC. */
    private static final class Resources {
        int threads;
        int driverThreads;
        int simulatorThreads;
        List<String> driverThreadNames = new ArrayList<>();
        long heapKiB;
        long metaspaceKiB;
        /** Live instances of the driver's device component and its PolledDevice, over all revisions of the bundle. */
        long driverComponents;
        long driverPollers;
        /** Revisions of the component class that still have live instances (a histogram row per loaded class). */
        int driverComponentClasses;
        /** JVM counters: classes loaded and unloaded since the start (old bundle revisions unload on a full GC). */
        long classesLoaded;
        long classesUnloaded;

        @Override
        public String toString() {
            return "threads " + threads + ", driver threads " + driverThreadNames + ", simulator threads "
                    + simulatorThreads + ", driver components " + driverComponents + " in " + driverComponentClasses
                    + " class revision(s), pollers " + driverPollers;
        }
    }

    private Resources resources() throws Exception {
        Resources r = new Resources();
        long pid = gateway.pid();
        for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                r.threads = Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        Matcher name = Pattern.compile("(?m)^\"([^\"]+)\"").matcher(jcmd(pid, "Thread.print"));
        while (name.find()) {
            if (name.group(1).startsWith(SIMULATOR_THREAD_PREFIX)) {
                r.simulatorThreads++;
            } else if (name.group(1).startsWith(DRIVER_THREAD_PREFIX)) {
                r.driverThreads++;
                r.driverThreadNames.add(name.group(1));
            }
        }
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        // Serial GC: " def new generation   total 9792K, used 1234K [...", " tenured generation   total ..., used ..."
        Matcher generation = Pattern.compile("(?m)^\\s*\\S.* generation\\s+total \\d+K, used (\\d+)K").matcher(heap);
        while (generation.find()) {
            r.heapKiB += Long.parseLong(generation.group(1));
        }
        Matcher metaspace = Pattern.compile("(?m)^\\s*Metaspace\\s+used (\\d+)K").matcher(heap);
        if (metaspace.find()) {
            r.metaspaceKiB = Long.parseLong(metaspace.group(1));
        }
        // Live objects only (the histogram collects first); one row per loaded class, so per bundle revision.
        Matcher row = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(\\S+)")
                .matcher(jcmd(pid, "GC.class_histogram"));
        while (row.find()) {
            if (row.group(2).equals(DRIVER + ".internal.ModbusDeviceComponent")) {
                r.driverComponents += Long.parseLong(row.group(1));
                r.driverComponentClasses++;
            } else if (row.group(2).equals("io.plantwire.driver.support.PolledDevice")) {
                r.driverPollers += Long.parseLong(row.group(1));
            }
        }
        String counters = jcmd(pid, "PerfCounter.print");
        Matcher loaded = Pattern.compile("(?m)^java\\.cls\\.loadedClasses=(\\d+)").matcher(counters);
        Matcher unloaded = Pattern.compile("(?m)^java\\.cls\\.unloadedClasses=(\\d+)").matcher(counters);
        if (loaded.find() && unloaded.find()) {
            r.classesLoaded = Long.parseLong(loaded.group(1));
            r.classesUnloaded = Long.parseLong(unloaded.group(1));
        }
        if (r.heapKiB == 0 || r.threads == 0) {
            fail("could not read heap or threads of the gateway: " + heap);
        }
        return r;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    private List<TankMessage> snapshot() {
        synchronized (messages) {
            return new ArrayList<>(messages);
        }
    }

    private String outputSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(output);
            return new String(all, (int) Math.min(offset, all.length), all.length - (int) Math.min(offset, all.length),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> stagesAddedIn(String out) {
        List<String> added = new ArrayList<>();
        Matcher m = STAGE_ADDED.matcher(out);
        while (m.find()) {
            added.add(m.group(1));
        }
        return added;
    }

    private String outputUntil(long offset) {
        try {
            byte[] all = Files.readAllBytes(output);
            return new String(all, 0, (int) Math.min(offset, all.length), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Nearest-rank percentile of an unsorted list; NaN when empty. */
    private static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static long micros(Instant t) {
        return TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1000;
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (!gateway.isAlive()) {
                fail("gateway exited with " + gateway.exitValue() + ": " + tail());
            }
            if (System.nanoTime() > deadline) {
                fail("not within " + TIMEOUT + ": " + what + "; " + messages.size() + " tank messages so far;"
                        + " gateway output: " + tail());
            }
            Thread.sleep(50);
        }
    }

    private String tail() {
        return scenario.tail(40);
    }
}
