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
}
