package io.plantwire.runtime.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Decides what Jetty listens on, from the environment, before any bundle starts:
 * <ul>
 * <li>HTTPS when a key is configured ({@code PLANTWIRE_HTTPS_KEYSTORE} [+ {@code _PASSWORD}], or
 * {@code PLANTWIRE_HTTPS_CERT} + {@code PLANTWIRE_HTTPS_KEY} in PEM) on {@code PLANTWIRE_HTTPS_PORT} (8443); plain
 * HTTP is then off, unless {@code PLANTWIRE_HTTP_ALLOW_PLAINTEXT=true};</li>
 * <li>plain HTTP on an address that is not loopback is refused (the console's Basic credentials would cross the
 * network readable), unless {@code PLANTWIRE_HTTP_ALLOW_PLAINTEXT=true}, which is then logged as a warning at
 * every start.</li>
 * </ul>
 * Explicit {@code -D} framework properties win as everywhere; the plaintext rule looks at the result.
 */
final class HttpListeners {

    static final String HTTPS_PORT_ENV = "PLANTWIRE_HTTPS_PORT";
    static final String KEYSTORE_ENV = "PLANTWIRE_HTTPS_KEYSTORE";
    static final String KEYSTORE_PASSWORD_ENV = "PLANTWIRE_HTTPS_KEYSTORE_PASSWORD";
    static final String CERT_ENV = "PLANTWIRE_HTTPS_CERT";
    static final String KEY_ENV = "PLANTWIRE_HTTPS_KEY";
    static final String ALLOW_PLAINTEXT_ENV = "PLANTWIRE_HTTP_ALLOW_PLAINTEXT";
    static final String DEFAULT_HTTPS_PORT = "8443";

    static final String HTTP_ENABLE = "org.apache.felix.http.enable";
    static final String HTTPS_ENABLE = "org.apache.felix.https.enable";
    static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    static final String KEYSTORE = "org.apache.felix.https.keystore";
    static final String KEYSTORE_PASSWORD = "org.apache.felix.https.keystore.password";
    static final String KEY_PASSWORD = "org.apache.felix.https.keystore.key.password";
    static final String KEYSTORE_TYPE = "org.apache.felix.https.keystore.type";

    /**
     * What was decided: one line for the start message, warnings to log at every start, and the base URL of the
     * console (HTTPS when on; null without a listener).
     */
    record Outcome(String listeners, List<String> warnings, String consoleUrl) {
    }

    private HttpListeners() {
    }

    /**
     * Sets the HTTPS properties (where no -D set them) and checks the plaintext rule.
     *
     * @throws IllegalArgumentException naming the setting at fault; nothing has been set then
     */
    static Outcome configure(Properties system, Map<String, String> env, Path data, SecureRandom random)
            throws IOException {
        boolean allowPlaintext = allowPlaintext(env.get(ALLOW_PLAINTEXT_ENV));
        HttpsKeystore key = httpsKey(env);
        String httpsPort = null;
        if (key != null) {
            httpsPort = value(env.get(HTTPS_PORT_ENV), DEFAULT_HTTPS_PORT);
            if (system.getProperty(HTTPS_PORT) == null) {
                GatewayHome.checkPort(HTTPS_PORT_ENV, httpsPort);
            }
        }
        String host = system.getProperty(GatewayHome.HTTP_HOST_PROPERTY);
        boolean plainOn = !"false".equalsIgnoreCase(system.getProperty(HTTP_ENABLE,
                key != null && !allowPlaintext ? "false" : "true"));
        boolean loopback = isLoopback(host);
        if (plainOn && !loopback && !allowPlaintext) {
            throw new IllegalArgumentException("plain HTTP on " + describeHost(host) + ", which is not a loopback "
                    + "address, is refused: the console's password would cross the network readable. Configure "
                    + "HTTPS (" + KEYSTORE_ENV + " and " + KEYSTORE_PASSWORD_ENV + ", or " + CERT_ENV + " and "
                    + KEY_ENV + "), bind to 127.0.0.1, or set " + ALLOW_PLAINTEXT_ENV + "=true to accept it");
        }

        List<String> warnings = new ArrayList<>();
        if (key != null) {
            String password = key.writeTo(data.resolve("https"), random);
            setIfAbsent(system, HTTPS_ENABLE, "true");
            setIfAbsent(system, HTTPS_PORT, httpsPort);
            setIfAbsent(system, KEYSTORE, data.resolve("https").resolve(HttpsKeystore.FILE_NAME).toString());
            setIfAbsent(system, KEYSTORE_TYPE, "PKCS12");
            setIfAbsent(system, KEYSTORE_PASSWORD, password);
            setIfAbsent(system, KEY_PASSWORD, password);
            if (!allowPlaintext) {
                setIfAbsent(system, HTTP_ENABLE, "false");
            }
            key.validityProblem().ifPresent(p -> warnings.add(p + "; browsers will refuse it"));
        }
        if (allowPlaintext) {
            warnings.add(ALLOW_PLAINTEXT_ENV + "=true: plain HTTP is allowed on "
                    + (loopback ? "" : "the non-loopback address ") + describeHost(host)
                    + "; console passwords sent over it can be read on the network");
        }
        List<String> parts = new ArrayList<>();
        String url = null;
        String urlHost = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")
                ? "127.0.0.1" : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        if ("true".equalsIgnoreCase(system.getProperty(HTTPS_ENABLE))) {
            url = "https://" + urlHost + ":" + system.getProperty(HTTPS_PORT, DEFAULT_HTTPS_PORT);
        } else if (plainOn) {
            url = "http://" + urlHost + ":" + system.getProperty(GatewayHome.HTTP_PORT_PROPERTY);
        }
        if (plainOn) {
            parts.add("HTTP on " + describeHost(host) + ":" + system.getProperty(GatewayHome.HTTP_PORT_PROPERTY));
        }
        if ("true".equalsIgnoreCase(system.getProperty(HTTPS_ENABLE))) {
            parts.add("HTTPS on " + describeHost(host) + ":" + system.getProperty(HTTPS_PORT, DEFAULT_HTTPS_PORT)
                    + (key != null ? " (certificate " + key.certificate().getSubjectX500Principal().getName()
                            + ")" : ""));
        }
        return new Outcome(parts.isEmpty() ? "no HTTP listener" : String.join(", ", parts), List.copyOf(warnings),
                url);
    }

    static boolean allowPlaintext(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException(ALLOW_PLAINTEXT_ENV + " '" + value + "' is neither true nor false");
    }

    /** The configured key, or null when HTTPS is not asked for. */
    private static HttpsKeystore httpsKey(Map<String, String> env) {
        String keystore = env.get(KEYSTORE_ENV);
        String cert = env.get(CERT_ENV);
        String pemKey = env.get(KEY_ENV);
        boolean hasStore = keystore != null && !keystore.isBlank();
        boolean hasCert = cert != null && !cert.isBlank();
        boolean hasKey = pemKey != null && !pemKey.isBlank();
        if (hasStore && (hasCert || hasKey)) {
            throw new IllegalArgumentException("set either " + KEYSTORE_ENV + " or " + CERT_ENV + " and " + KEY_ENV
                    + ", not both");
        }
        if (hasCert != hasKey) {
            throw new IllegalArgumentException(hasCert ? CERT_ENV + " is set but " + KEY_ENV + " is not"
                    : KEY_ENV + " is set but " + CERT_ENV + " is not");
        }
        if (hasStore) {
            return HttpsKeystore.fromKeystore(KEYSTORE_ENV, Paths.get(keystore.trim()), env.get(KEYSTORE_PASSWORD_ENV));
        }
        if (hasCert) {
            return HttpsKeystore.fromPem(CERT_ENV, Paths.get(cert.trim()), KEY_ENV, Paths.get(pemKey.trim()));
        }
        return null;
    }

    /** True when every address the host names is a loopback address; false for all interfaces or an unknown name. */
    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false; // Jetty binds to all interfaces
        }
        String h = host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(h);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String describeHost(String host) {
        return host == null || host.isBlank() ? "all interfaces" : host.trim();
    }

    private static String value(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static void setIfAbsent(Properties p, String key, String value) {
        if (p.getProperty(key) == null) {
            p.setProperty(key, value);
        }
    }
}
