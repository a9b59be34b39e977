package io.plantwire.runtime.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayHomeTest {

    @TempDir
    Path tmp;

    @Test
    void homeIsThePropertyThenTheEnvironmentThenTheWorkingDirectory() {
        Properties p = new Properties();
        p.setProperty("user.dir", "/var/lib/gw-cwd");
        assertThat(GatewayHome.locate(p, Map.of()).path()).isEqualTo(Path.of("/var/lib/gw-cwd"));
        assertThat(GatewayHome.locate(p, Map.of("PLANTWIRE_HOME", "/srv/tank-farm")).path())
                .isEqualTo(Path.of("/srv/tank-farm"));
        p.setProperty("plantwire.home", "/opt/plantwire/../plantwire-b");
        assertThat(GatewayHome.locate(p, Map.of("PLANTWIRE_HOME", "/srv/tank-farm")).path())
                .isEqualTo(Path.of("/opt/plantwire-b"));
    }

    @Test
    void createsTheFoldersAndPublishesAbsoluteLocations() throws IOException {
        Properties p = new Properties();
        GatewayHome home = GatewayHome.locate(p, Map.of("PLANTWIRE_HOME", tmp.resolve("gw").toString()));

        home.createFolders();
        home.publish(p, Map.of());

        assertThat(tmp.resolve("gw/conf")).isDirectory();
        assertThat(tmp.resolve("gw/deploy")).isDirectory();
        assertThat(tmp.resolve("gw/trust")).isDirectory();
        assertThat(tmp.resolve("gw/data")).isDirectory();
        assertThat(Files.getPosixFilePermissions(tmp.resolve("gw/data")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(p.getProperty("plantwire.home")).isEqualTo(tmp.resolve("gw").toString());
        // deploy/ is the feature installer's (trust policy), not FileInstall's
        assertThat(p.getProperty("felix.fileinstall.dir")).isEqualTo(tmp.resolve("gw/conf").toString());
        assertThat(p.getProperty("plantwire.deploy.folder")).isEqualTo(tmp.resolve("gw/deploy").toString());
        assertThat(p.getProperty("felix.cm.dir")).isEqualTo(tmp.resolve("gw/data/config").toString());
        assertThat(p.getProperty("org.apache.felix.http.host")).isEqualTo("127.0.0.1");
        assertThat(p.getProperty("org.osgi.service.http.port")).isEqualTo("8080");
        assertThat(Files.getPosixFilePermissions(tmp.resolve("gw/secrets")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(p.getProperty("org.apache.felix.configadmin.plugin.interpolation.secretsdir"))
                .isEqualTo(tmp.resolve("gw/secrets").toString());
        assertThat(p.getProperty("org.apache.felix.configadmin.plugin.interpolation.file.encoding"))
                .isEqualTo("UTF-8");
        assertThat(p.getProperty("felix.cm.config.plugins"))
                .isEqualTo("org.apache.felix.configadmin.plugin.interpolation");
    }

    @Test
    void httpHostAndPortComeFromTheEnvironment() {
        Properties p = new Properties();
        GatewayHome.locate(p, Map.of()).publish(p,
                Map.of("PLANTWIRE_HTTP_HOST", "10.20.0.5", "PLANTWIRE_HTTP_PORT", " 9443 "));

        assertThat(p.getProperty("org.apache.felix.http.host")).isEqualTo("10.20.0.5");
        assertThat(p.getProperty("org.osgi.service.http.port")).isEqualTo("9443");
    }

    @Test
    void aPortThatIsNoPortIsRefusedNamingTheVariable() {
        Properties p = new Properties();
        GatewayHome home = GatewayHome.locate(p, Map.of());

        assertThatThrownBy(() -> home.publish(p, Map.of("PLANTWIRE_HTTP_PORT", "80800")))
                .hasMessage("PLANTWIRE_HTTP_PORT '80800' is not a TCP port (1..65535)");
        assertThatThrownBy(() -> home.publish(new Properties(), Map.of("PLANTWIRE_HTTP_PORT", "http")))
                .hasMessageContaining("'http'");
    }

    @Test
    void anExplicitSettingWins() {
        Properties p = new Properties();
        p.setProperty("felix.fileinstall.dir", "/etc/plantwire/conf");
        p.setProperty("org.osgi.service.http.port", "18080");
        GatewayHome.locate(p, Map.of("PLANTWIRE_HOME", tmp.toString())).publish(p, Map.of("PLANTWIRE_HTTP_PORT", "x"));

        assertThat(p.getProperty("felix.fileinstall.dir")).isEqualTo("/etc/plantwire/conf");
        assertThat(p.getProperty("org.osgi.service.http.port")).isEqualTo("18080");
        assertThat(p.getProperty("felix.cm.dir")).isEqualTo(tmp.resolve("data/config").toString());
    }

    @Test
    void aSecretGroupOrOthersMayReadStopsTheStartNamingTheFileAndTheFix() throws IOException {
        GatewayHome home = GatewayHome.locate(new Properties(), Map.of("PLANTWIRE_HOME", tmp.toString()));
        home.createFolders();
        Path ok = Files.writeString(tmp.resolve("secrets/mqtt-password"), "pw");
        Files.setPosixFilePermissions(ok, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(tmp.resolve("secrets/kafka"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path open = Files.writeString(tmp.resolve("secrets/kafka/sasl-password"), "pw");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(home::createFolders).isInstanceOf(IOException.class)
                .hasMessage("secret file " + open + " is accessible by group or others (rw-r--r--): make it "
                        + "owner-only (chmod 600 " + open + ")");

        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("r--------"));
        home.createFolders(); // fixed: starts
    }

    @Test
    void aSecretsFolderOthersMayEnterStopsTheStart() throws IOException {
        Files.createDirectories(tmp.resolve("secrets"));
        Files.setPosixFilePermissions(tmp.resolve("secrets"), PosixFilePermissions.fromString("rwxr-x--x"));
        GatewayHome home = GatewayHome.locate(new Properties(), Map.of("PLANTWIRE_HOME", tmp.toString()));

        assertThatThrownBy(home::createFolders).hasMessage("secrets folder " + tmp.resolve("secrets")
                + " is accessible by group or others (rwxr-x--x): make it owner-only (chmod 700 "
                + tmp.resolve("secrets") + ")");
        assertThat(Files.getPosixFilePermissions(tmp.resolve("secrets"))).as("never changed by the gateway")
                .isEqualTo(PosixFilePermissions.fromString("rwxr-x--x"));
    }

    @Test
    void anExplicitSecretsFolderAndPluginListWin() {
        Properties p = new Properties();
        p.setProperty("org.apache.felix.configadmin.plugin.interpolation.secretsdir", "/run/secrets");
        p.setProperty("felix.cm.config.plugins", "org.apache.felix.configadmin.plugin.interpolation,other");
        GatewayHome.locate(p, Map.of("PLANTWIRE_HOME", tmp.toString())).publish(p, Map.of());

        assertThat(p.getProperty("org.apache.felix.configadmin.plugin.interpolation.secretsdir"))
                .isEqualTo("/run/secrets");
        assertThat(p.getProperty("felix.cm.config.plugins"))
                .isEqualTo("org.apache.felix.configadmin.plugin.interpolation,other");
    }
}
