package io.plantwire.config.files.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-back never puts a secret into a file: a PASSWORD attribute, a private key, a value with a reference or
 * the resolved value of one keeps what the file has; everything else is written as before. Real files, with a real
 * secrets folder.
 */
class SecretsNeverWrittenTest {

    private static final Instant WRITTEN_AT = Instant.now().minusSeconds(3600);

    @TempDir
    Path home;

    private Path conf;
    private Function<Map<String, Object>, KeptValues.Rule> keep;

    @BeforeEach
    void aHomeWithASecret() throws IOException {
        conf = Files.createDirectory(home.resolve("conf"));
        Path secrets = Files.createDirectory(home.resolve("secrets"));
        Path pw = Files.writeString(secrets.resolve("mes-password"), "Mes-S3cret!\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        SecretFolder folder = new SecretFolder(secrets.toString(), "UTF-8");
        // ".password" is the SQL lookup's PASSWORD attribute; "apiKeyHeader" stands for an unconventionally named one
        keep = new KeptValues(Set.of(".password", "apiKeyHeader"), name -> folder.read(name).orElse(null),
                name -> name.equals("MES_USER") ? "mes-reader" : null)::forFile;
    }

    private ConfigFile file(String content) throws IOException {
        Path path = conf.resolve("io.plantwire.context.sql-mes.cfg");
        Files.writeString(path, content, StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(path, FileTime.from(WRITTEN_AT));
        return new ConfigFile(path, StandardCharsets.ISO_8859_1, (name, key, value) -> null);
    }

    private static Map<String, Object> configuration(ConfigFile f) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>(f.load());
        c.put("service.pid", "io.plantwire.context.sql~mes");
        c.put("service.factoryPid", "io.plantwire.context.sql");
        c.put(ConfigFile.FILENAME, f.path().toUri().toString());
        return c;
    }

    private static long changedNow() {
        return System.currentTimeMillis() - 2500;
    }

    private static String content(ConfigFile f) throws IOException {
        return Files.readString(f.path(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aPasswordTypedInTheConsoleStaysOutOfTheFileWhileOtherChangesAreWritten() throws IOException {
        ConfigFile f = file("""
                # MES database
                url = jdbc:postgresql://mes:5432/mes
                user = $[env:MES_USER]
                .password = $[secret:mes-password]
                timeout = 5
                """);
        Map<String, Object> c = configuration(f);
        c.put(".password", "typed-in-console");
        c.put("timeout", "7");

        assertThat(f.writeBack(c, changedNow(), null, keep)).isEqualTo(ConfigFile.Outcome.WRITTEN);

        assertThat(content(f)).isEqualTo("""
                # MES database
                url = jdbc:postgresql://mes:5432/mes
                user = $[env:MES_USER]
                .password = $[secret:mes-password]
                timeout = 7
                """);
        assertThat(f.kept()).containsExactly(".password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path()))).isEqualTo("rw-------");
    }

    @Test
    void whenOnlyKeptValuesDifferNothingIsWritten() throws IOException {
        String text = "url = jdbc:postgresql://mes:5432/mes\n.password = $[secret:mes-password]\n";
        ConfigFile f = file(text);
        Map<String, Object> c = configuration(f);
        c.put(".password", "typed-in-console");
        c.put(".authHeaderValue", "Bearer abc.def"); // a private key the file does not have: not added
        c.put("apiKeyHeader", "k-123");             // a PASSWORD attribute by metatype: not added

        assertThat(f.writeBack(c, changedNow(), null, keep)).isEqualTo(ConfigFile.Outcome.ONLY_KEPT_VALUES_DIFFER);

        assertThat(content(f)).isEqualTo(text);
        assertThat(Files.getLastModifiedTime(f.path())).isEqualTo(FileTime.from(WRITTEN_AT));
        assertThat(f.kept()).containsExactlyInAnyOrder(".password", ".authHeaderValue", "apiKeyHeader");
    }

    @Test
    void aResolvedSecretOrAPrivateKeyInAnyValueIsNotWritten() throws IOException {
        ConfigFile f = file("url = jdbc:postgresql://mes:5432/mes\n.password = $[secret:mes-password]\nnote = a\n");
        Map<String, Object> c = configuration(f);
        c.put("url", "jdbc:postgresql://mes:5432/mes?password=Mes-S3cret!");
        c.put("note", "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----");

        assertThat(f.writeBack(c, changedNow(), null, keep)).isEqualTo(ConfigFile.Outcome.ONLY_KEPT_VALUES_DIFFER);
        assertThat(content(f)).doesNotContain("Mes-S3cret!").doesNotContain("MIIEvQ");
    }

    @Test
    void aValueWithAReferenceKeepsItAndANewReferenceIsWritten() throws IOException {
        ConfigFile f = file("user = $[env:MES_USER]\n.password = plain-legacy\nsecretName = none\n");
        Map<String, Object> c = configuration(f);
        c.put("user", "mes-reader");                    // the resolved value: the reference stays
        c.put(".password", "$[secret:mes-password]");   // a reference holds no secret: written
        c.put("token", "$[env:MES_TOKEN]");             // likewise, a new one is appended

        assertThat(f.writeBack(c, changedNow(), null, keep)).isEqualTo(ConfigFile.Outcome.WRITTEN);

        assertThat(content(f)).isEqualTo("user = $[env:MES_USER]\n.password = $[secret:mes-password]\n"
                + "secretName = none\ntoken = $[env:MES_TOKEN]\n");
        assertThat(f.kept()).containsExactly("user");
    }

    @Test
    void secretNamedKeysAreKeptWithoutMetatype() throws IOException {
        ConfigFile f = file("sasl.password = $[secret:mes-password]\nssl.keystore.password = old\nlinger.ms = 5\n");
        Map<String, Object> c = configuration(f);
        c.remove("sasl.password");              // removing it in the console does not remove it from the file
        c.put("ssl.keystore.password", "new");
        c.put("linger.ms", "10");

        assertThat(f.writeBack(c, changedNow(), null, keep)).isEqualTo(ConfigFile.Outcome.WRITTEN);

        assertThat(content(f)).isEqualTo("sasl.password = $[secret:mes-password]\nssl.keystore.password = old\n"
                + "linger.ms = 10\n");
    }
}
