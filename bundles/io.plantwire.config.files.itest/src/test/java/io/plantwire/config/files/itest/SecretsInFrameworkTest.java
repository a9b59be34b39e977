package io.plantwire.config.files.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.plantwire.test.support.FileTrees;

/**
 * Secrets with the real Config Admin, its interpolation plugin, Metatype, FileInstall 3.7.4 and SCR: a component
 * receives the secret a {@code $[secret:...]} reference names while the conf/ file and Config Admin keep the
 * reference; a password typed through Config Admin never reaches the file; a secret file others may read is refused;
 * a configuration that names another file as its {@code felix.fileinstall.filename} cannot make the write-back touch
 * it. The secrets folder is the framework's {@code ...interpolation.secretsdir} (test.bndrun).
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class SecretsInFrameworkTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The write-back's settle delay (2.5 s) plus two FileInstall polls and a margin: every check has run. */
    private static final Duration QUIET = Duration.ofMillis(2500 + 2 * 1000 + 500);
    private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
    private static final String SECRET = "Pa55-from-the-secrets-folder";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private Path secrets;
    private Path folder;
    private Configuration watcher;

    @BeforeEach
    void aSecretAndAWatchedFolder() throws IOException {
        secrets = Path.of(context.getProperty("org.apache.felix.configadmin.plugin.interpolation.secretsdir"));
        Files.createDirectories(secrets);
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        Path secret = secrets.resolve("itest-password");
        Files.writeString(secret, SECRET + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        folder = Files.createTempDirectory("plantwire-secrets-conf-");
    }

    private void startWatching() throws IOException {
        watcher = FileInstallWatcher.start(configurationAdmin, folder, context.getProperty("felix.fileinstall.poll"),
                context.getProperty("felix.fileinstall.filter"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (watcher != null) {
            watcher.delete();
        }
        FolderConfigurations.delete(configurationAdmin, folder);
        Configuration[] all = configurationAdmin.listConfigurations("(|(service.factoryPid=" + SecretUser.PID
                + ")(service.pid=io.plantwire.itest.forged*))");
        for (Configuration c : all != null ? all : new Configuration[0]) {
            c.delete();
        }
        // The write-back deletes the files of the configurations deleted above on its own thread, meanwhile.
        FileTrees.delete(folder);
    }

    @Test
    void theComponentGetsTheSecretWhileFileAndConfigAdminKeepTheReference() throws Exception {
        String text = """
                # a sink's credentials, by reference
                name = a
                .password = $[secret:itest-password]
                greeting = hello $[env:PLANTWIRE_ITEST_UNSET;default=operator]
                """;
        Path file = write("io.plantwire.itest.secretuser-a.cfg", text);
        startWatching();

        SecretUser user = await("the component configured from the file", () -> component("a"));
        assertThat(user.config._password()).isEqualTo(SECRET);
        assertThat(user.config.greeting()).isEqualTo("hello operator");
        ServiceReference<SecretUser> ref = context.getServiceReferences(SecretUser.class, "(name=a)").iterator()
                .next();
        assertThat(ref.getProperty(".password")).as("private: not a service property").isNull();
        assertThat(ref.getProperty("greeting")).isEqualTo("hello operator");
        Configuration c = configuration("a");
        assertThat(c.getProperties().get(".password")).as("Config Admin keeps the reference")
                .isEqualTo("$[secret:itest-password]");
        assertThat(c.getProperties().get("greeting")).isEqualTo("hello $[env:PLANTWIRE_ITEST_UNSET;default=operator]");

        Thread.sleep(QUIET.toMillis()); // a window in which nothing may happen to the file
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).isEqualTo(text);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(AN_HOUR_AGO);
    }

    @Test
    void passwordsTypedThroughConfigAdminNeverReachTheFileAndTheFileWins() throws Exception {
        Path file = write("io.plantwire.itest.secretuser-b.cfg", """
                name = b
                .password = $[secret:itest-password]
                accessCode = $[secret:itest-password]
                greeting = hi
                """);
        startWatching();
        await("the component", () -> component("b"));

        // What a console save with new values does: one update with everything.
        Configuration c = configuration("b");
        Dictionary<String, Object> p = c.getProperties();
        p.put(".password", "typed-Plaintext-1");
        p.put("accessCode", "typed-Plaintext-2"); // PASSWORD by metatype only
        p.put("greeting", "hello");
        c.update(p);

        String expected = """
                name = b
                .password = $[secret:itest-password]
                accessCode = $[secret:itest-password]
                greeting = hello
                """;
        await("the greeting written, the references kept", () -> read(file).equals(expected));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        // FileInstall applies the written file: the references are back in Config Admin, the secret in the component.
        await("the file applied again", () -> "$[secret:itest-password]".equals(
                configuration("b").getProperties().get("accessCode")));
        SecretUser user = await("the component with the secret", () -> {
            SecretUser u = component("b");
            return u != null && u.config.greeting().equals("hello") && u.config.accessCode().equals(SECRET) ? u
                    : null;
        });
        assertThat(user.config._password()).isEqualTo(SECRET);
        assertThat(read(file)).doesNotContain("typed-Plaintext");
    }

    @Test
    void aSecretFileOthersMayReadIsNotUsed() throws Exception {
        write("io.plantwire.itest.secretuser-c.cfg", "name = c\n.password = $[secret:itest-password]\n");
        Files.setPosixFilePermissions(secrets.resolve("itest-password"), PosixFilePermissions.fromString("rw-r--r--"));
        startWatching();

        SecretUser user = await("the component", () -> component("c"));
        assertThat(user.config._password()).as("refused: the reference text, not the secret")
                .isEqualTo("$[secret:itest-password]");
    }

    @Test
    void aForgedFilenameCannotMakeTheWriteBackTouchAnotherFile() throws Exception {
        Path victim = write("io.plantwire.itest.victim.cfg", "keep = me\n");
        Path outsideFolder = Files.createTempDirectory("plantwire-not-watched-");
        Path outside = outsideFolder.resolve("io.plantwire.itest.forged.cfg");
        Files.writeString(outside, "keep = me too\n");
        Files.setLastModifiedTime(outside, AN_HOUR_AGO);
        startWatching();
        await("the victim applied", () -> configurationAdmin.listConfigurations(
                "(service.pid=io.plantwire.itest.victim)") != null);
        try {
            Configuration forged = configurationAdmin.getConfiguration("io.plantwire.itest.forged", "?");
            forged.update(new Hashtable<>(Map.of("felix.fileinstall.filename", victim.toUri().toString(),
                    "evil", "yes")));
            Configuration forged2 = configurationAdmin.getConfiguration("io.plantwire.itest.forged2", "?");
            forged2.update(new Hashtable<>(Map.of("felix.fileinstall.filename", outside.toUri().toString(),
                    "evil", "yes")));

            Thread.sleep(QUIET.toMillis()); // a window in which nothing may happen to either file
            forged.delete();
            forged2.delete();
            Thread.sleep(QUIET.toMillis()); // and a window in which deleting them may not touch either file

            assertThat(read(victim)).isEqualTo("keep = me\n");
            assertThat(read(outside)).isEqualTo("keep = me too\n");
            assertThat(Files.getLastModifiedTime(outside)).isEqualTo(AN_HOUR_AGO);
        } finally {
            Files.deleteIfExists(outside);
            Files.deleteIfExists(outsideFolder);
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

    private Configuration configuration(String name) throws Exception {
        Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + SecretUser.PID + "~" + name
                + ")");
        return found != null ? found[0] : null;
    }

    private SecretUser component(String name) throws Exception {
        Collection<ServiceReference<SecretUser>> refs = context.getServiceReferences(SecretUser.class,
                "(name=" + name + ")");
        if (refs.isEmpty()) {
            return null;
        }
        SecretUser u = context.getService(refs.iterator().next());
        context.ungetService(refs.iterator().next());
        return u;
    }

    @FunctionalInterface
    private interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(String what, Probe<T> probe) {
        return org.awaitility.Awaitility.await(what).atMost(WAIT).pollInterval(java.time.Duration.ofMillis(20))
                .until(probe::get, value -> value != null && !Boolean.FALSE.equals(value));
    }
}
