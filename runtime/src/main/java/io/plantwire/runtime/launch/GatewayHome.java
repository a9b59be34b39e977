package io.plantwire.runtime.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The gateway's home directory and its folders: {@code conf/} (configuration files, hot), {@code deploy/} (bundles,
 * hot), {@code data/} (Config Admin store, generated console credentials) and {@code secrets/} (one file per secret,
 * read by the Config Admin interpolation plugin for {@code $[secret:name]} references; owner-only).
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
    /** The interpolation plugin's folder of secret files ({@code $[secret:name]} reads {@code <folder>/name}). */
    static final String SECRETS_DIR_PROPERTY = "org.apache.felix.configadmin.plugin.interpolation.secretsdir";
    /** The encoding of secret files; the plugin's default would be the platform's. */
    static final String SECRETS_ENCODING_PROPERTY = "org.apache.felix.configadmin.plugin.interpolation.file.encoding";
    /** Config Admin delivers no configuration until the plugins named here are registered. */
    static final String REQUIRED_PLUGINS_PROPERTY = "felix.cm.config.plugins";
    static final String INTERPOLATION_PLUGIN = "org.apache.felix.configadmin.plugin.interpolation";

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

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

    Path secrets() {
        return home.resolve("secrets");
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
        prepareSecrets();
    }

    /**
     * Creates {@code secrets/} owner-only (0700), or checks that it and every file in it are: a secret that group
     * or others may read is refused before any configuration is delivered, with the file and the fix named. The
     * gateway never changes an operator's permissions itself.
     */
    void prepareSecrets() throws IOException {
        Path folder = secrets();
        boolean posix = Files.getFileAttributeView(home, PosixFileAttributeView.class) != null;
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            if (posix) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(folder);
            }
            return;
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException("secrets folder " + folder + " is not a folder");
        }
        if (!posix) {
            return; // no POSIX permissions to check (e.g. Windows): the operator restricts access with ACLs
        }
        ownerOnly(folder, "secrets folder", "700");
        try (Stream<Path> all = Files.walk(folder, 8)) {
            for (Path p : all.skip(1).toList()) {
                if (Files.isDirectory(p)) {
                    ownerOnly(p, "secrets folder", "700");
                } else if (Files.exists(p)) {
                    ownerOnly(p, "secret file", "600");
                }
            }
        }
    }

    private static void ownerOnly(Path path, String what, String mode) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new IOException(what + " " + path + " is accessible by group or others ("
                    + PosixFilePermissions.toString(permissions) + "): make it owner-only (chmod " + mode + " "
                    + path + ")");
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
        setIfAbsent(systemProperties, SECRETS_DIR_PROPERTY, secrets().toString());
        setIfAbsent(systemProperties, SECRETS_ENCODING_PROPERTY, "UTF-8");
        setIfAbsent(systemProperties, REQUIRED_PLUGINS_PROPERTY, INTERPOLATION_PLUGIN);
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
