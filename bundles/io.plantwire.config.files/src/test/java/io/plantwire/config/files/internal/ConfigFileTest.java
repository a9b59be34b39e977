package io.plantwire.config.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Vector;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.felix.utils.properties.TypedProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compare, merge and atomic write of a configuration file, with real files. */
class ConfigFileTest {

    /** Variables as the gateway would resolve them from framework properties. */
    private static final Map<String, String> VARIABLES = Map.of("plantwire.site", "plant-7");
    private static final TypedProperties.SubstitutionCallback SUBSTITUTION =
            (name, key, value) -> VARIABLES.get(value);

    /** The write-back's rule for values it never writes, with no metatype, secret files or environment. */
    private static final Function<Map<String, Object>, KeptValues.Rule> KEEP =
            new KeptValues(Set.of(), name -> null, name -> null)::forFile;

    /** The file's modification time is set to this; a change "now" is long after it. */
    private static final Instant WRITTEN_AT = Instant.now().minusSeconds(3600);

    @TempDir
    Path folder;

    private ConfigFile file(String name, String content) throws IOException {
        Path path = folder.resolve(name);
        Files.writeString(path, content, StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(path, FileTime.from(WRITTEN_AT));
        return new ConfigFile(path, StandardCharsets.ISO_8859_1, SUBSTITUTION);
    }

    /** The configuration FileInstall would have created from the file, as Config Admin returns it. */
    private static Map<String, Object> configurationFrom(ConfigFile file) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>(file.load());
        c.put("service.pid", "io.plantwire.test");
        c.put(ConfigFile.FILENAME, file.path().toUri().toString());
        return c;
    }

    private static long changedNow() {
        return System.currentTimeMillis() - 2500;
    }

    private String content(ConfigFile file) throws IOException {
        return Files.readString(file.path(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aChangedValueIsWrittenAndCommentsAndOrderAreKept() throws IOException {
        ConfigFile f = file("io.plantwire.tank.cfg", """
                # Tank 1 level sensor
                name = tank-1

                # alarm threshold in percent
                high = 90
                # last
                low = 10
                """);
        Map<String, Object> c = configurationFrom(f);
        c.put("high", "95");

        assertThat(f.writeBack(c, changedNow(), null, KEEP)).isEqualTo(ConfigFile.Outcome.WRITTEN);

        assertThat(content(f)).isEqualTo("""
                # Tank 1 level sensor
                name = tank-1

                # alarm threshold in percent
                high = 95
                # last
                low = 10
                """);
        assertThat(ConfigFile.sameProperties(ConfigFile.withoutBookkeeping(f.load()),
                ConfigFile.withoutBookkeeping(c))).as("FileInstall reads back what was written").isTrue();
    }

    @Test
    void aRemovedKeyIsRemovedWithItsCommentAndANewKeyIsAppended() throws IOException {
        ConfigFile f = file("io.plantwire.tank.cfg", """
                # header
                name = tank-1
                # obsolete setting
                legacy = yes
                low = 10
                """);
        Map<String, Object> c = configurationFrom(f);
        c.remove("legacy");
        c.put("unit", "%");

        assertThat(f.writeBack(c, changedNow(), null, KEEP)).isEqualTo(ConfigFile.Outcome.WRITTEN);

        assertThat(content(f)).isEqualTo("""
                # header
                name = tank-1
                low = 10
                unit = %
                """);
    }

    @Test
    void anUnchangedPlaceholderKeepsItsExpressionAndAChangedOneGetsTheValue() throws IOException {
        ConfigFile f = file("io.plantwire.site.cfg", """
                site = ${plantwire.site}
                topic = uns/${plantwire.site}/tanks
                qos = 1
                """);
        Map<String, Object> c = configurationFrom(f);
        assertThat(c).containsEntry("site", "plant-7").containsEntry("topic", "uns/plant-7/tanks");
        c.put("qos", "2");
        c.put("topic", "uns/plant-8/tanks");

        assertThat(f.writeBack(c, changedNow(), null, KEEP)).isEqualTo(ConfigFile.Outcome.WRITTEN);

        assertThat(content(f)).isEqualTo("""
                site = ${plantwire.site}
                topic = uns/plant-8/tanks
                qos = 2
                """);
    }

    @Test
    void typedValuesRoundTrip() throws IOException {
        ConfigFile f = file("io.plantwire.device.config", """
                # polling
                pollMs = I"500"
                unitId = I"5"
                registers = I[ "40001", "40002" ]
                tags = [ "level", "temperature" ]
                enabled = B"true"
                scale = D"0.5"
                host = "10.0.0.7"
                """);
        Map<String, Object> c = configurationFrom(f);
        assertThat(c.get("unitId")).isEqualTo(5);
        assertThat(c.get("registers")).isEqualTo(new Integer[] {40001, 40002});
        assertThat(c.get("tags")).isEqualTo(new String[] {"level", "temperature"});
        assertThat(c.get("enabled")).isEqualTo(true);

        assertThat(f.writeBack(c, changedNow(), null, KEEP)).as("equal arrays are equal").isEqualTo(ConfigFile.Outcome.EQUAL);

        c.put("unitId", 6);
        c.put("registers", new Integer[] {40001, 40002, 40003});
        c.put("tags", new String[] {"level"});
        c.put("timeoutMs", 1500L);
        c.put("weights", new int[] {1, 2});
        assertThat(f.writeBack(c, changedNow(), null, KEEP)).isEqualTo(ConfigFile.Outcome.WRITTEN);

        assertThat(content(f)).isEqualTo("""
                # polling
                pollMs = I"500"
                unitId = I"6"
                registers = I[ \\
                  "40001", \\
                  "40002", \\
                  "40003", \\
                  ]
                tags = [ \\
                  "level", \\
                  ]
                enabled = B"true"
                scale = D"0.5"
                host = "10.0.0.7"
                timeoutMs = L"1500"
                weights = i[ \\
                  "1", \\
                  "2", \\
                  ]
                """);
        Map<String, Object> back = ConfigFile.withoutBookkeeping(new LinkedHashMap<>(f.load()));
        assertThat(back.get("weights")).isEqualTo(new int[] {1, 2});
        assertThat(back.get("timeoutMs")).isEqualTo(1500L);
        assertThat(ConfigFile.sameProperties(back, ConfigFile.withoutBookkeeping(c))).isTrue();
    }

    @Test
    void aTypedValuePutIntoAPlainCfgTurnsTheFileTypedAndReadsBackEqual() throws IOException {
        // The Web Console converts values to their metatype types (here an Integer) before updating.
        ConfigFile f = file("io.plantwire.tank.cfg", "# level\nname = tank-1\nhigh = 90\n");
        Map<String, Object> c = configurationFrom(f);
        c.put("high", 95);

        assertThat(f.writeBack(c, changedNow(), null, KEEP)).isEqualTo(ConfigFile.Outcome.WRITTEN);

        assertThat(content(f)).isEqualTo("# level\nname = \"tank-1\"\nhigh = I\"95\"\n");
        assertThat(f.load()).containsEntry("high", 95).containsEntry("name", "tank-1");
    }

    @Test
    void nothingIsWrittenWhenTheFileAlreadyHoldsTheConfiguration() throws IOException {
        String text = "# as written by hand\nname=tank-1\nsite = ${plantwire.site}\n";
        ConfigFile f = file("io.plantwire.tank.cfg", text);
        Map<String, Object> c = configurationFrom(f);

        assertThat(f.writeBack(c, changedNow(), null, KEEP)).isEqualTo(ConfigFile.Outcome.EQUAL);

        assertThat(content(f)).isEqualTo(text);
        assertThat(Files.getLastModifiedTime(f.path()).toInstant()).isEqualTo(FileTime.from(WRITTEN_AT).toInstant());
        assertThat(siblings()).containsExactly(f.path());
    }

    @Test
    void aFileModifiedAfterTheChangeIsNotTouched() throws IOException {
        ConfigFile f = file("io.plantwire.tank.cfg", "name = tank-1\nhigh = 90\n");
        Map<String, Object> c = configurationFrom(f);
        c.put("high", "");
        // The configuration changed 2 s before the file (e.g. FileInstall applied the half-saved file, then the
        // editor finished): the file is newer and wins.
        long changedAt = WRITTEN_AT.toEpochMilli() - 2000;

        assertThat(f.writeBack(c, changedAt - 2500, null, KEEP)).isEqualTo(ConfigFile.Outcome.FILE_NEWER);

        assertThat(content(f)).isEqualTo("name = tank-1\nhigh = 90\n");
    }

    @Test
    void aFileAsTheWriteBackLastWroteItIsNotNewerHoweverRecent() throws IOException {
        ConfigFile f = file("io.plantwire.tank.cfg", "name = tank-1\nhigh = 90\n");
        Map<String, Object> c = configurationFrom(f);
        c.put("high", "91");
        assertThat(f.writeBack(c, changedNow(), null, KEEP)).isEqualTo(ConfigFile.Outcome.WRITTEN);
        ConfigFile.Stamp ownWrite = f.written();
        assertThat(ownWrite.modified()).isEqualTo(Files.getLastModifiedTime(f.path()));

        // A second change a moment later: the file is recent, but only because the write-back wrote it.
        c.put("high", "92");
        long secondChangeSettled = System.currentTimeMillis() - 2500;
        assertThat(f.writeBack(c, secondChangeSettled, null, KEEP)).as("unknown writer: the file wins")
                .isEqualTo(ConfigFile.Outcome.FILE_NEWER);
        assertThat(f.writeBack(c, secondChangeSettled, ownWrite, KEEP)).isEqualTo(ConfigFile.Outcome.WRITTEN);
        assertThat(content(f)).isEqualTo("name = tank-1\nhigh = 92\n");

        // Someone else saves the file afterwards, even with the same time: it is newer again.
        Files.writeString(f.path(), "name = tank-1\nhigh = 5\n");
        Files.setLastModifiedTime(f.path(), f.written().modified());
        c.put("high", "93");
        assertThat(f.writeBack(c, System.currentTimeMillis() - 2500, f.written(), KEEP))
                .isEqualTo(ConfigFile.Outcome.FILE_NEWER);
    }

    @Test
    void theFileIsReplacedByRenameAndIsOwnerOnly() throws IOException {
        ConfigFile f = file("io.plantwire.tank.cfg", "name = tank-1\n");
        Files.setPosixFilePermissions(f.path(), PosixFilePermissions.fromString("rw-r-----"));
        Object inodeBefore = Files.getAttribute(f.path(), "unix:ino");
        Map<String, Object> c = configurationFrom(f);
        c.put("name", "tank-2");

        assertThat(f.writeBack(c, changedNow(), null, KEEP)).isEqualTo(ConfigFile.Outcome.WRITTEN);

        assertThat(Files.getAttribute(f.path(), "unix:ino")).as("a new file, not the old one truncated")
                .isNotEqualTo(inodeBefore);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path()))).as("0600, not 0640")
                .isEqualTo("rw-------");
        assertThat(siblings()).as("no temporary file left").containsExactly(f.path());
    }

    @Test
    void aSymbolicLinkStaysALink() throws IOException {
        Files.createDirectories(folder.resolve("site"));
        ConfigFile real = file("site/io.plantwire.tank.cfg", "name = tank-1\n");
        Path link = Files.createSymbolicLink(folder.resolve("io.plantwire.tank.cfg"), real.path());
        ConfigFile f = new ConfigFile(link, StandardCharsets.ISO_8859_1, SUBSTITUTION);
        Map<String, Object> c = configurationFrom(f);
        c.put("name", "tank-2");

        assertThat(f.writeBack(c, changedNow(), null, KEEP)).isEqualTo(ConfigFile.Outcome.WRITTEN);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(content(real)).isEqualTo("name = tank-2\n");
    }

    @Test
    void aValueTheEncodingCannotHoldFailsWithTheReasonAndLeavesTheFileAndNoTemporaryFile() throws IOException {
        ConfigFile f = file("io.plantwire.tank.config", "unit = \"%\"\n");
        Map<String, Object> c = configurationFrom(f);
        c.put("unit", "m\u00b3 \u2192 \u20ac"); // ³ fits ISO-8859-1, the arrow and the euro sign do not

        assertThatThrownBy(() -> f.writeBack(c, changedNow(), null, KEEP)).isInstanceOf(IOException.class)
                .hasMessageContaining("ISO-8859-1").hasMessageContaining("felix.fileinstall.configEncoding");

        assertThat(content(f)).isEqualTo("unit = \"%\"\n");
        assertThat(siblings()).containsExactly(f.path());
    }

    @Test
    void xmlFilesAndCollectionValuesAreNotWritten() throws IOException {
        ConfigFile xml = file("io.plantwire.xml.cfg", "<?xml version=\"1.0\"?><properties/>\n");
        assertThat(xml.writeBack(Map.of("a", "b"), changedNow(), null, KEEP)).isEqualTo(ConfigFile.Outcome.XML_FILE);

        ConfigFile f = file("io.plantwire.tank.config", "tags = [ \"a\" ]\n");
        Map<String, Object> c = configurationFrom(f);
        c.put("tags", new Vector<>(List.of("a", "b")));
        assertThat(f.writeBack(c, changedNow(), null, KEEP)).isEqualTo(ConfigFile.Outcome.COLLECTION_VALUE);
        assertThat(content(f)).isEqualTo("tags = [ \"a\" ]\n");
    }

    @Test
    void onlyFileUrisOfCfgAndConfigFilesAreConfigurationFiles() {
        Path p = folder.resolve("io.plantwire.tank-1.cfg");
        assertThat(ConfigFile.fromFilenameProperty(p.toUri().toString())).contains(p);
        assertThat(ConfigFile.fromFilenameProperty(folder.resolve("x.config").toUri().toString())).isPresent();
        assertThat(ConfigFile.fromFilenameProperty(folder.resolve("x.json").toUri().toString())).isEmpty();
        assertThat(ConfigFile.fromFilenameProperty("http://example.com/x.cfg")).isEmpty();
        assertThat(ConfigFile.fromFilenameProperty("not a uri")).isEmpty();
        assertThat(ConfigFile.fromFilenameProperty(42)).isEqualTo(Optional.empty());
    }

    private List<Path> siblings() throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
