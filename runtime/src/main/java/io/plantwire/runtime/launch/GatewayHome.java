package io.plantwire.runtime.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * The gateway's home directory and its folders: {@code conf/} (configuration files, hot), {@code deploy/} (bundles,
 * hot) and {@code data/} (Config Admin store, generated console credentials).
 */
final class GatewayHome {

    static final String HOME_PROPERTY = "plantwire.home";
    static final String HOME_ENV = "PLANTWIRE_HOME";
    static final String HTTP_HOST_ENV = "PLANTWIRE_HTTP_HOST";
    static final String HTTP_PORT_ENV = "PLANTWIRE_HTTP_PORT";
    static final String HTTP_HOST_PROPERTY = "org.apache.felix.http.host";
    static final String HTTP_PORT_PROPERTY = "org.osgi.service.http.port";
    /** Loopback only unless an operator decides otherwise: the console must not face the plant network by default. */
    static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    static final String DEFAULT_HTTP_PORT = "8080";

    private final Path home;

    private GatewayHome(Path home) {
        this.home = home;
    }

    /** {@code -Dplantwire.home}, else {@code PLANTWIRE_HOME}, else the working directory. */
    static GatewayHome locate(Properties systemProperties, Map<String, String> env) {
        String home = systemProperties.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            home = env.get(HOME_ENV);
        }
        if (home == null || home.isBlank()) {
            home = systemProperties.getProperty("user.dir", ".");
        }
        return new GatewayHome(Paths.get(home).toAbsolutePath().normalize());
    }

    Path path() {
        return home;
    }

    Path conf() {
        return home.resolve("conf");
    }

    Path deploy() {
        return home.resolve("deploy");
    }

    Path data() {
        return home.resolve("data");
    }

    /** The trust store: certificates of the signers whose features and bundles this gateway installs. */
    Path trust() {
        return home.resolve("trust");
    }

    /** FileInstall does not create its folders; an operator should find them ready on a fresh install. */
    void createFolders() throws IOException {
        Files.createDirectories(conf());
        Files.createDirectories(deploy());
        Files.createDirectories(trust());
        if (!Files.isDirectory(data())) {
            Files.createDirectories(data());
            // Config Admin's store and the console credentials live here: owner only from the start.
            if (Files.getFileAttributeView(data(), PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    /**
     * Settings that depend on the home or on PLANTWIRE_HTTP_HOST / PLANTWIRE_HTTP_PORT, as system properties. The bundles read them through
     * BundleContext.getProperty, which falls back to system properties for keys the launcher did not set; an explicit
     * -D on the command line wins.
     */
    void publish(Properties systemProperties, Map<String, String> env) {
        String port = orDefault(env.get(HTTP_PORT_ENV), DEFAULT_HTTP_PORT);
        if (systemProperties.getProperty(HTTP_PORT_PROPERTY) == null) {
            checkPort(HTTP_PORT_ENV, port); // before anything is set: an invalid start changes nothing
        }
        setIfAbsent(systemProperties, HTTP_HOST_PROPERTY, orDefault(env.get(HTTP_HOST_ENV), DEFAULT_HTTP_HOST));
        setIfAbsent(systemProperties, HTTP_PORT_PROPERTY, port);
        setIfAbsent(systemProperties, HOME_PROPERTY, home.toString());
        // FileInstall applies conf/ only; deploy/ jars go through the feature installer and its trust policy, which
        // FileInstall would bypass (docs/security.md).
        setIfAbsent(systemProperties, "felix.fileinstall.dir", conf().toString());
        setIfAbsent(systemProperties, "plantwire.deploy.folder", deploy().toString());
        setIfAbsent(systemProperties, "felix.cm.dir", data().resolve("config").toString());
    }

    static void checkPort(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " '" + value + "' is not a TCP port (1..65535)");
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static void setIfAbsent(Properties p, String key, String value) {
        if (p.getProperty(key) == null) {
            p.setProperty(key, value);
        }
    }
}
