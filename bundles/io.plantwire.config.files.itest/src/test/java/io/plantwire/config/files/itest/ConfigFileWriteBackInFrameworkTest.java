package io.plantwire.config.files.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.plantwire.test.support.Await;
import io.plantwire.test.support.FileTrees;

/**
 * io.plantwire.config.files with the real Config Admin and FileInstall 3.7.4. Every test starts its own FileInstall
 * watcher on a fresh folder, with the gateway's FileInstall settings (runtime/gateway.bndrun: 1 s poll, no initial
 * delay, hidden files filtered, FileInstall's own write-back off). Files are dated an hour back, as files written
 * before a start are.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ConfigFileWriteBackInFrameworkTest {

    private static final String BUNDLE = "io.plantwire.config.files";
    private static final String THREAD = "plantwire-config-writeback";
    /** The component's default settle delay. */
    private static final Duration SETTLE = Duration.ofMillis(2500);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
    private static final List<String> GATEWAY_SETTINGS = List.of("felix.fileinstall.poll",
            "felix.fileinstall.noInitialDelay", "felix.fileinstall.filter", "felix.fileinstall.enableConfigSave");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private Map<String, String> gateway;
    private Duration poll;
    private Path folder;
    private Configuration watcher;

    @BeforeEach
    void gatewaySettingsAndAFreshFolder() throws IOException {
        gateway = GatewayFileInstallSettings.read(Path.of(context.getProperty("plantwire.gateway.bndrun")));
        for (String key : GATEWAY_SETTINGS) {
            // The framework properties are what FileInstall's config installer and the write-back component read.
            assertThat(context.getProperty(key)).as(key + " in test.bndrun and runtime/gateway.bndrun")
                    .isNotNull().isEqualTo(gateway.get(key));
        }
        poll = Duration.ofMillis(Long.parseLong(gateway.get("felix.fileinstall.poll")));
        folder = Files.createTempDirectory("plantwire-conf-");
    }

    /** What the gateway does at its first start: FileInstall begins watching a folder that already holds files. */
    private void startWatching() throws IOException {
        assertThat(gateway.get("felix.fileinstall.noInitialDelay")).isEqualTo("true");
        watcher = FileInstallWatcher.start(configurationAdmin, folder, gateway.get("felix.fileinstall.poll"),
                gateway.get("felix.fileinstall.filter"));
    }

    @AfterEach
    void stopWatchingAndCleanUp() throws Exception {
        if (watcher != null) {
            watcher.delete();
        }
        List<Path> deleted = FolderConfigurations.delete(configurationAdmin, folder);
        // The write-back deletes the files of deleted configurations: let it finish before the folder goes.
        Await.within(Duration.ofSeconds(5), () -> deleted.stream().noneMatch(Files::exists));
        FileTrees.delete(folder);
    }

    @Test
    void filesWrittenBeforeTheStartAreAppliedAndLeftByteForByte() throws Exception {
        Path tank = write("io.plantwire.itest.tank.cfg", """
                # Tank 1 level sensor, written before the start
                name = tank-1
                site = ${plantwire.itest.site}

                # alarm threshold in percent
                high=90
                """);
        Path meter = write("io.plantwire.itest.meter-m1.config", """
                # typed values
                unitId = I"5"
                registers = I[ "40001", "40002" ]
                tags = [ "flow", "total" ]
                """);
        Path hidden = write(".io.plantwire.itest.hidden.cfg", "name = an editor's swap file\n");
        Map<Path, byte[]> bytes = Map.of(tank, Files.readAllBytes(tank), meter, Files.readAllBytes(meter),
                hidden, Files.readAllBytes(hidden));

        startWatching();

        await("both files applied", () -> settings("io.plantwire.itest.tank")
                .equals(Map.of("name", "tank-1", "site", "plant-7", "high", "90"))
                && settings("io.plantwire.itest.meter~m1").size() == 3);
        Map<String, Object> typed = settings("io.plantwire.itest.meter~m1");
        assertThat(typed.get("unitId")).isEqualTo(5);
        assertThat(typed.get("registers")).isEqualTo(new Integer[] {40001, 40002});
        assertThat(typed.get("tags")).isEqualTo(new String[] {"flow", "total"});

        // Past the settle delay of the apply's change events, and two more polls.
        Thread.sleep(SETTLE.plus(poll.multipliedBy(2)).plusMillis(500).toMillis());

        for (Map.Entry<Path, byte[]> e : bytes.entrySet()) {
            assertThat(Files.readAllBytes(e.getKey())).as(e.getKey().getFileName() + " content").isEqualTo(e.getValue());
            assertThat(Files.getLastModifiedTime(e.getKey())).as(e.getKey().getFileName() + " not rewritten")
                    .isEqualTo(AN_HOUR_AGO);
        }
        assertThat(configuration("io.plantwire.itest.hidden")).as("hidden files are filtered").isNull();
        assertThat(filesInFolder()).containsExactlyInAnyOrder(tank, meter, hidden);
    }

    @Test
    void aChangeThroughConfigAdminLandsInTheFileWithItsComments() throws Exception {
        Path file = write("io.plantwire.itest.console.cfg", """
                # Tank 3, edited in the Web Console later
                name = tank-3
                # alarm threshold in percent
                high = 90
                # to be removed
                legacy = yes
                """);
        startWatching();
        await("file applied", () -> settings("io.plantwire.itest.console").size() == 3);

        // What the Web Console's configuration page does: the existing properties, changed, in one update.
        Configuration c = configuration("io.plantwire.itest.console");
        Dictionary<String, Object> p = c.getProperties();
        p.put("high", "95");
        p.remove("legacy");
        long updatedAt = System.nanoTime();
        c.update(p);

        String expected = """
                # Tank 3, edited in the Web Console later
                name = tank-3
                # alarm threshold in percent
                high = 95
                """;
        await("the change in the file", () -> read(file).equals(expected));
        assertThat(Duration.ofNanos(System.nanoTime() - updatedAt)).as("written after the settle delay")
                .isGreaterThanOrEqualTo(SETTLE);

        // FileInstall sees the new file, reads it, finds it equal to the configuration and leaves it alone.
        long changeCount = c.getChangeCount();
        Thread.sleep(poll.multipliedBy(2).toMillis());
        assertThat(configuration("io.plantwire.itest.console").getChangeCount()).as("configuration not updated again")
                .isEqualTo(changeCount);

        // A second edit while the file is still younger than the settle delay, only because it was just written.
        p = c.getProperties();
        p.put("high", "96");
        c.update(p);
        String expected2 = expected.replace("high = 95", "high = 96");
        await("the second change in the file", () -> read(file).equals(expected2));
        changeCount = c.getChangeCount();
        Thread.sleep(poll.multipliedBy(3).toMillis()); // a window in which nothing may change the configuration
        assertThat(configuration("io.plantwire.itest.console").getChangeCount()).isEqualTo(changeCount);
        assertThat(settings("io.plantwire.itest.console")).isEqualTo(Map.of("name", "tank-3", "high", "96"));
        assertThat(read(file)).isEqualTo(expected2);
        assertThat(filesInFolder()).as("no temporary file left").containsExactly(file);
    }

    /**
     * The race that emptied files: an editor that saves in place truncates the file, and FileInstall's scan applies
     * what it finds meanwhile (its scanner does not wait for a file to settle). Config Admin's event thread lags here,
     * as under load, so the change events of that half-saved apply are delivered only after the editor closed the
     * file. FileInstall's own write-back then wrote the half-saved (empty) configuration over the saved file and
     * marked the result as seen: the file stayed empty. With the gateway's settings the file must end complete.
     */
    @Test
    void anEditorSavingInPlaceWhileFileInstallScansEndsWithTheCompleteFile() throws Exception {
        Path file = write("io.plantwire.itest.race.cfg", "# Tank 2\nname = tank-2\nhigh = 90\n");
        startWatching();
        await("file applied", () -> settings("io.plantwire.itest.race").equals(Map.of("name", "tank-2", "high", "90")));

        String edited = "# Tank 2, edited in an editor that saves in place\nname = tank-2\nhigh = 80\nlow = 15\n";
        boolean halfSavedApplied;
        EventThreadLag lag = null;
        try {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                long truncatedAt = System.nanoTime();
                lag = EventThreadLag.hold(context, configurationAdmin);
                // The file stays empty for longer than a poll: FileInstall's next scan applies it.
                halfSavedApplied = poll(Duration.ofSeconds(10), () -> !settings("io.plantwire.itest.race")
                        .containsKey("name"));
                long heldMillis = Duration.ofNanos(System.nanoTime() - truncatedAt).toMillis();
                if (heldMillis < 1500) {
                    Thread.sleep(1500 - heldMillis);
                }
                out.write(edited.getBytes(StandardCharsets.ISO_8859_1));
            } finally {
                if (lag != null) {
                    lag.release();
                }
            }

            Map<String, Object> expected = Map.of("name", "tank-2", "high", "80", "low", "15");
            poll(WAIT, () -> read(file).equals(edited) && settings("io.plantwire.itest.race").equals(expected));
            // Past every settle delay and two more polls: nothing may write the half-saved state back later.
            Thread.sleep(SETTLE.plus(poll.multipliedBy(2)).plusMillis(500).toMillis());
            assertThat(read(file)).as("the file the editor saved").isEqualTo(edited);
            assertThat(settings("io.plantwire.itest.race")).isEqualTo(expected);
            assertThat(halfSavedApplied).as("FileInstall applied the half-saved (empty) file: the race happened")
                    .isTrue();
        } finally {
            if (lag != null) {
                lag.close();
            }
        }
    }

    /**
     * The half-saved apply's check comes due (settle delay after it) just after the editor finished, most likely
     * before FileInstall's next scan: the configuration is still the empty one, the file is complete. Only the file's
     * date tells that the file is newer; writing the configuration then would empty the file.
     */
    @Test
    void aFileSavedJustBeforeTheCheckOfAHalfSavedApplyWins() throws Exception {
        Path file = write("io.plantwire.itest.slow.cfg", "# Tank 5\nname = tank-5\nhigh = 90\n");
        startWatching();
        await("file applied", () -> settings("io.plantwire.itest.slow").equals(Map.of("name", "tank-5", "high", "90")));

        String edited = "# Tank 5, saved slowly\nname = tank-5\nhigh = 85\n";
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            assertThat(poll(Duration.ofSeconds(10), () -> !settings("io.plantwire.itest.slow").containsKey("name")))
                    .as("FileInstall applied the empty file").isTrue();
            Thread.sleep(SETTLE.minusMillis(200).toMillis());
            out.write(edited.getBytes(StandardCharsets.ISO_8859_1));
        }

        Map<String, Object> expected = Map.of("name", "tank-5", "high", "85");
        poll(WAIT, () -> read(file).equals(edited) && settings("io.plantwire.itest.slow").equals(expected));
        Thread.sleep(SETTLE.plus(poll.multipliedBy(2)).plusMillis(500).toMillis());
        assertThat(read(file)).as("the file the editor saved").isEqualTo(edited);
        assertThat(settings("io.plantwire.itest.slow")).isEqualTo(expected);
    }

    @Test
    void deletingTheConfigurationDeletesItsFile() throws Exception {
        Path file = write("io.plantwire.itest.pump-p1.cfg", "# pump 1\nspeed = 1450\n");
        startWatching();
        await("file applied", () -> settings("io.plantwire.itest.pump~p1").equals(Map.of("speed", "1450")));

        configuration("io.plantwire.itest.pump~p1").delete();

        await("file deleted", () -> !Files.exists(file));
        Thread.sleep(poll.multipliedBy(3).toMillis()); // a window in which nothing may create it again
        assertThat(configuration("io.plantwire.itest.pump~p1")).as("not created again").isNull();
        assertThat(filesInFolder()).isEmpty();
    }

    /**
     * Config Admin's event thread lags, as under load, and the configuration FileInstall created is deleted before
     * an asynchronous listener could have heard of it. The write-back listens synchronously (and finds the file by
     * its name when it never learnt it), so it still deletes the file (a CI run saw an asynchronous write-back leave
     * the file: the configuration was gone when its creation event arrived).
     */
    @Test
    void aConfigurationDeletedWhileConfigAdminsEventsLagStillDeletesItsFile() throws Exception {
        Path file = write("io.plantwire.itest.pump-p2.cfg", "# pump 2\nspeed = 1450\n");
        try (EventThreadLag lag = EventThreadLag.hold(context, configurationAdmin)) {
            startWatching();
            await("file applied", () -> settings("io.plantwire.itest.pump~p2").equals(Map.of("speed", "1450")));

            configuration("io.plantwire.itest.pump~p2").delete();

            await("file deleted while the event thread is held", () -> !Files.exists(file));
        }
        assertThat(configuration("io.plantwire.itest.pump~p2")).as("not created again").isNull();
        assertThat(filesInFolder()).isEmpty();
    }

    @Test
    void stoppingTheBundleLeavesNoWriteBackThread() throws Exception {
        Bundle bundle = bundle(BUNDLE);
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
        await("the write-back thread", ConfigFileWriteBackInFrameworkTest::writeBackThreadAlive);

        bundle.stop();
        try {
            await("no write-back thread", () -> !writeBackThreadAlive(), Duration.ofSeconds(5));
        } finally {
            bundle.start();
            await("the write-back thread back", ConfigFileWriteBackInFrameworkTest::writeBackThreadAlive);
        }
    }

    @Test
    void aChangeWaitingForItsSettleDelayIsWrittenWhenTheBundleStops() throws Exception {
        Path file = write("io.plantwire.itest.stop.cfg", "# Tank 4\nname = tank-4\nhigh = 90\n");
        startWatching();
        await("file applied", () -> settings("io.plantwire.itest.stop").size() == 2);
        Bundle bundle = bundle(BUNDLE);
        await("the write-back thread", ConfigFileWriteBackInFrameworkTest::writeBackThreadAlive);

        Configuration c = configuration("io.plantwire.itest.stop");
        Dictionary<String, Object> p = c.getProperties();
        p.put("high", "70");
        c.update(p); // the write-back's listener is synchronous: its check is scheduled when update returns

        bundle.stop();
        try {
            assertThat(read(file)).as("written during stop, before the settle delay")
                    .isEqualTo("# Tank 4\nname = tank-4\nhigh = 70\n");
        } finally {
            bundle.start();
            await("the write-back thread back", ConfigFileWriteBackInFrameworkTest::writeBackThreadAlive);
        }
    }

    private Path write(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(file, AN_HOUR_AGO);
        return file;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private List<Path> filesInFolder() throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    private Configuration configuration(String pid) throws Exception {
        Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + pid + ")");
        return found != null ? found[0] : null;
    }

    /** The configuration's properties without the ones Config Admin and FileInstall add; empty when absent. */
    private Map<String, Object> settings(String pid) throws Exception {
        Configuration c = configuration(pid);
        Map<String, Object> result = new TreeMap<>();
        Dictionary<String, Object> p = c != null ? c.getProperties() : null;
        if (p != null) {
            for (Enumeration<String> keys = p.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!key.equals("service.pid") && !key.equals("service.factoryPid")
                        && !key.equals("felix.fileinstall.filename")) {
                    result.put(key, p.get(key));
                }
            }
        }
        return result;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " not installed");
    }

    private static boolean writeBackThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(THREAD) && t.isAlive());
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static boolean poll(Duration timeout, Condition condition) {
        return Await.within(timeout, () -> holds(condition));
    }

    private static boolean holds(Condition condition) {
        try {
            return condition.holds();
        } catch (Exception e) {
            throw new AssertionError("the condition failed: " + e, e);
        }
    }

    private static void await(String what, Condition condition) throws Exception {
        await(what, condition, WAIT);
    }

    private static void await(String what, Condition condition, Duration timeout) throws Exception {
        if (!poll(timeout, condition)) {
            fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
        }
    }
}
