package io.plantwire.config.files.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Hashtable;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets folder rule and the guard that applies it before the interpolation plugin, with real files. */
class SecretFolderTest {

    @TempDir
    Path home;

    private Path secrets;
    private SecretFolder folder;

    @BeforeEach
    void aSecretsFolder() throws IOException {
        secrets = Files.createDirectory(home.resolve("secrets"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        folder = new SecretFolder(secrets.toString(), "UTF-8");
    }

    private Path secret(String name, String value, String permissions) throws IOException {
        Path file = secrets.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void anOwnerOnlyFileIsUsedTrimmed() throws IOException {
        secret("mqtt-password", "s3cret-pw\n", "rw-------");
        secret("kafka/sasl", "k-pw", "r--------");

        assertThat(folder.check("mqtt-password").state()).isEqualTo(SecretFolder.State.USABLE);
        assertThat(folder.read("mqtt-password")).contains("s3cret-pw");
        assertThat(folder.read("kafka/sasl")).contains("k-pw");
    }

    @Test
    void aFileGroupOrOthersMayReadIsRefusedNamingTheFileAndTheFix() throws IOException {
        Path file = secret("mqtt-password", "s3cret-pw", "rw-r--r--");
        secret("group-writable", "x-pw", "rw--w----");

        SecretFolder.Check check = folder.check("mqtt-password");
        assertThat(check.state()).isEqualTo(SecretFolder.State.REFUSED);
        assertThat(check.file()).isEqualTo(file);
        assertThat(check.why()).isEqualTo("its permissions are rw-r--r--: group or others may use it; make it "
                + "owner-only (chmod 600 " + file + ")");
        assertThat(folder.read("mqtt-password")).isEmpty();
        assertThat(folder.check("group-writable").state()).isEqualTo(SecretFolder.State.REFUSED);
    }

    @Test
    void namesLeavingTheFolderAndLinksOutOfItAreRefused() throws IOException {
        Path outside = Files.writeString(home.resolve("elsewhere"), "not a secret of ours");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(secrets.resolve("link-out"), outside);

        assertThat(folder.check("../elsewhere").state()).isEqualTo(SecretFolder.State.REFUSED);
        assertThat(folder.check("link-out").why()).startsWith("it is a link to " + outside.toRealPath());
        assertThat(folder.read("link-out")).isEmpty();
    }

    @Test
    void aLinkInsideTheFolderIsFollowed() throws IOException {
        // The layout Kubernetes uses for mounted secrets: name -> ..data/name
        secret("..data/db-password", "db-pw", "rw-------");
        Files.createSymbolicLink(secrets.resolve("db-password"), Path.of("..data/db-password"));

        assertThat(folder.read("db-password")).contains("db-pw");
    }

    @Test
    void aMissingFileOrNoFolderIsMissing() {
        assertThat(folder.check("nope").state()).isEqualTo(SecretFolder.State.MISSING);
        assertThat(folder.check("nope").file()).isEqualTo(secrets.resolve("nope"));
        SecretFolder none = new SecretFolder(null, null);
        assertThat(none.check("mqtt-password").state()).isEqualTo(SecretFolder.State.MISSING);
        assertThat(none.check("mqtt-password").why()).contains(SecretFolder.SECRETS_DIR_PROPERTY);
    }

    @Test
    void theGuardEscapesEveryReferenceOfAValueWithARefusedSecret() throws IOException {
        secret("open", "0p3n-pw", "rw-rw-rw-");
        secret("fine", "f1ne-pw", "rw-------");
        SecretFileGuard guard = new SecretFileGuard(folder);
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("service.pid", "io.plantwire.sink.mqtt~uns");
        p.put(".password", "$[secret:open]");
        p.put("url", "jdbc:h2:tcp://mes/db;USER=$[env:NO_SUCH_VARIABLE_HERE];PASSWORD=$[secret:open]");
        p.put("token", "$[secret:fine]");
        p.put("list", new String[] {"a", "$[secret:open;default=x]"});
        p.put("count", 3);

        guard.modifyConfiguration(null, p);

        assertThat(p.get(".password")).isEqualTo("\\$[secret:open]");
        assertThat(p.get("url")).isEqualTo("jdbc:h2:tcp://mes/db;USER=\\$[env:NO_SUCH_VARIABLE_HERE];"
                + "PASSWORD=\\$[secret:open]");
        assertThat(p.get("token")).as("a usable secret is left to the plugin").isEqualTo("$[secret:fine]");
        assertThat((String[]) p.get("list")).containsExactly("a", "\\$[secret:open;default=x]");
        assertThat(p.get("count")).isEqualTo(3);
    }

    @Test
    void referencesAreFoundAsThePluginFindsThem() {
        assertThat(SecretReferences.in("tcp://$[env:BROKER_HOST]:1883/$[secret:a/b;default=]"))
                .containsExactly(new SecretReferences.Reference("env", "BROKER_HOST", false, "$[env:BROKER_HOST]"),
                        new SecretReferences.Reference("secret", "a/b", true, "$[secret:a/b;default=]"));
        assertThat(SecretReferences.in("\\$[secret:escaped] and $[prop:x]")).isEmpty();
        assertThat(SecretReferences.onlyReferences("$[secret:mqtt-password]")).isTrue();
        assertThat(SecretReferences.onlyReferences(" $[env:A]$[secret:b] ")).isTrue();
        assertThat(SecretReferences.onlyReferences("pw-$[secret:b]")).isFalse();
        assertThat(SecretReferences.onlyReferences("")).isFalse();
        assertThat(SecretReferences.hasReference("x $[prop:plantwire.home]/y")).isTrue();
        assertThat(SecretReferences.hasReference("plain")).isFalse();
    }
}
