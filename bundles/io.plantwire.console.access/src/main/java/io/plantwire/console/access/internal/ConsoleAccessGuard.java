package io.plantwire.console.access.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plantwire.api.text.SafeText;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Web Console's only way in. The runtime sets the framework property
 * {@code felix.webconsole.security.providers=plantwire.console.access}; with it the console registers no servlet
 * until this provider is present, and its own admin/admin fallback provider refuses every login. Ranked above
 * that fallback, this provider is the one the console asks for every request, so it is also where cross-site
 * state changes are refused ({@link SameOriginRule}) and password guessing is throttled ({@link LoginThrottle}).
 */
@Component(
        service = SecurityProvider.class,
        immediate = true,
        configurationPid = ConsoleAccessGuard.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {
                SecurityProvider.PROPERTY_ID + "=" + ConsoleAccessGuard.PROVIDER_ID,
                Constants.SERVICE_RANKING + ":Integer=1000"
        })
@Designate(ocd = ConsoleAccessConfig.class)
public class ConsoleAccessGuard implements SecurityProvider {

    static final String PID = "io.plantwire.console.access";
    static final String PROVIDER_ID = "plantwire.console.access";
    /** Framework or system property naming the gateway home; falls back to PLANTWIRE_HOME, then the working dir. */
    static final String HOME_PROPERTY = "plantwire.home";
    static final String HOME_ENV = "PLANTWIRE_HOME";
    /** The Web Console's root path (felix.webconsole.manager.root; the gateway keeps the default). */
    static final String CONSOLE_ROOT = "/system/console";
    static final String FILEINSTALL_DIRS = "felix.fileinstall.dir";

    // The HTTP runtime turns these request attributes into getRemoteUser()/getAuthType().
    static final String AUTHENTICATION_TYPE = ServletContextHelper.AUTHENTICATION_TYPE;
    static final String REMOTE_USER = ServletContextHelper.REMOTE_USER;

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAccessGuard.class);

    private final ConsoleCredentials credentials;
    private final String challenge;
    private final SameOriginRule sameOrigin;
    private final LoginThrottle throttle;
    private final LoginCheck logins;
    private final ServiceRegistration<ServletContextHelper> operationsContext;

    @Activate
    public ConsoleAccessGuard(BundleContext context, ConsoleAccessConfig config, Map<String, Object> properties)
            throws IOException {
        Path home = gatewayHome(context.getProperty(HOME_PROPERTY), System.getenv());
        Path dataDirectory = home.resolve("data");
        ConsoleCredentialResolver resolver = new ConsoleCredentialResolver(System.getenv(), dataDirectory,
                new SecureRandom());
        ConsoleCredentialResolver.Resolution resolution;
        Optional<ScrapeToken> scrapeToken;
        try {
            scrapeToken = ScrapeToken.configured(config.scrape_token(), config.scrape_token_hash());
            this.sameOrigin = new SameOriginRule(List.of(config.allowed_origins()));
            this.throttle = new LoginThrottle(LoginThrottle.Settings.validated(config.login_attempts_per_address(),
                    config.login_address_refill_seconds(), config.login_concurrent_hashes(),
                    config.login_hash_wait_ms(), config.login_tracked_addresses()), System::nanoTime);
            resolution = resolver.resolve(new ConsoleCredentialResolver.Configured(
                    config.username(), config.password(), config.password_hash()),
                    pendingConfigurationFile(properties, watchedFolders(context.getProperty(FILEINSTALL_DIRS), home)));
        } catch (IllegalArgumentException e) {
            // The console stays closed (no provider, no console servlet) until the configuration is fixed.
            throw new IllegalArgumentException("Configuration " + PID + ": " + e.getMessage(), e);
        }
        this.credentials = resolution.credentials();
        String realm = config.realm().replace("\"", "'");
        this.challenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
        this.logins = new LoginCheck(credentials, throttle);
        resolution.generatedPassword().ifPresent(p -> announceOnce(credentials.username(), p,
                resolution.credentialsFile()));
        if (credentials.source() == ConsoleCredentials.Source.PENDING_CONFIGURATION) {
            LOG.info("Web Console closed until configuration {} from conf/ is applied", PID);
        } else {
            LOG.info("Web Console access: user '{}' from {}", credentials.username(),
                    describe(credentials.source(), resolution.credentialsFile()));
        }
        this.operationsContext = registerOperationsContext(context, new OperationsEndpointGuard(logins, scrapeToken,
                realm));
        LOG.info("Operations endpoints (/metrics, /health): console account{}",
                scrapeToken.isPresent() ? " or the scrape token" : "; no scrape token configured");
    }

    /**
     * The guarded servlet context of /metrics and /health, at the root like the default context. Ranked above it
     * so that it is consulted first for the paths its servlets claim; other paths fall through to the default.
     */
    private static ServiceRegistration<ServletContextHelper> registerOperationsContext(BundleContext context,
            OperationsEndpointGuard guard) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.context.name", OperationsEndpointGuard.CONTEXT_NAME);
        props.put("osgi.http.whiteboard.context.path", "/");
        props.put(Constants.SERVICE_RANKING, 100);
        return context.registerService(ServletContextHelper.class, guard, props);
    }

    @Deactivate
    void deactivate() {
        try {
            operationsContext.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it
        }
    }

    /** FileInstall's folders, as the gateway runtime sets them; conf/ under the home otherwise. */
    static List<Path> watchedFolders(String fileInstallDirs, Path home) {
        if (fileInstallDirs == null || fileInstallDirs.isBlank()) {
            return List.of(home.resolve("conf"));
        }
        List<Path> dirs = new ArrayList<>();
        for (String d : fileInstallDirs.split(",")) {
            if (!d.isBlank()) {
                dirs.add(home.resolve(d.trim()));
            }
        }
        return dirs;
    }

    /**
     * A conf/ file for this PID while the component runs without configuration: FileInstall has not delivered it
     * yet. Once a configuration is present (it carries service.pid) nothing is pending, whatever it contains.
     */
    static Optional<Path> pendingConfigurationFile(Map<String, Object> componentProperties, List<Path> folders) {
        if (componentProperties.get(Constants.SERVICE_PID) != null) {
            return Optional.empty();
        }
        for (Path folder : folders) {
            for (String suffix : List.of(".cfg", ".config")) {
                Path file = folder.resolve(PID + suffix);
                if (Files.isRegularFile(file)) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    static Path gatewayHome(String homeProperty, Map<String, String> env) {
        String home = homeProperty;
        if (home == null || home.isBlank()) {
            home = env.get(HOME_ENV);
        }
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.dir");
        }
        return Paths.get(home).toAbsolutePath().normalize();
    }

    /**
     * Shown once, on stdout and not through the logging framework, so that the password never lands in a log file
     * that is collected or rotated; the credentials file keeps it for the owner.
     */
    private static void announceOnce(String username, String password, Path file) {
        String line = "=".repeat(78);
        System.out.println(line);
        System.out.println("Plantwire Web Console credentials were generated (shown only this once):");
        System.out.println("  username: " + username);
        System.out.println("  password: " + password);
        System.out.println("Stored for the owner of " + file + " (mode 0600).");
        System.out.println("Set your own in configuration " + PID + " or with PLANTWIRE_CONSOLE_PASSWORD.");
        System.out.println(line);
        System.out.flush();
    }

    private static String describe(ConsoleCredentials.Source source, Path file) {
        return switch (source) {
            case CONFIGURATION -> "configuration " + PID;
            case ENVIRONMENT -> "environment variable " + ConsoleCredentialResolver.ENV_PASSWORD;
            case CREDENTIALS_FILE -> "credentials file " + file;
            case GENERATED -> "credentials generated now, stored in " + file;
            case PENDING_CONFIGURATION -> "nobody: waiting for the configuration file in conf/";
        };
    }

    /**
     * The console asks this for every request under /system/console, its own pages and every plugin's. Order: a
     * cross-site state change is refused (403) before anything else; a throttled address is answered 429 without
     * looking at its credentials; credentials already verified since start pass on a fast HMAC check; only then
     * does the slow check run, admitted by the throttle. A null return with a committed answer ends the request
     * there (Web Console 5.0.18 OsgiManagerHttpContext.handleSecurity returns false, Felix HTTP sends nothing more).
     */
    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        Optional<String> crossSite = sameOrigin.refusal(new SameOriginRule.Request(request.getMethod(),
                request.getScheme(), host(request), request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"),
                request.getHeader("Referer")));
        if (crossSite.isPresent()) {
            LOG.warn("Web Console refused {} {} from {}: {}", request.getMethod(),
                    SafeText.printable(request.getRequestURI(), 200), request.getRemoteAddr(), crossSite.get());
            HttpAnswers.refuse(response, HttpServletResponse.SC_FORBIDDEN, "Refused: cross-site request to the "
                    + "Plantwire console (" + crossSite.get() + "). Use the console's own pages.");
            return null;
        }
        Optional<String> upload = BundleUploadRule.refusal(request.getMethod(),
                BundleUploadRule.belowConsoleRoot(request.getRequestURI(), CONSOLE_ROOT), request.getContentType());
        if (upload.isPresent()) {
            LOG.warn("Web Console refused {} {} from {}: {}", request.getMethod(),
                    SafeText.printable(request.getRequestURI(), 200), request.getRemoteAddr(), upload.get());
            HttpAnswers.refuse(response, HttpServletResponse.SC_FORBIDDEN, "Refused: " + upload.get());
            return null;
        }
        String address = request.getRemoteAddr();
        LoginCheck.Outcome outcome;
        try {
            // The scrapers' token is not for the console: a Bearer header counts as no credentials here.
            outcome = logins.check(address, request.getHeader("Authorization"), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpAnswers.tooManyAttempts(response, 1);
            return null;
        }
        if (outcome instanceof LoginCheck.Accepted accepted) {
            return accept(request, accepted.user());
        }
        if (outcome instanceof LoginCheck.Throttled throttled) {
            HttpAnswers.refuseThrottled(LOG, "Web Console", response, address, throttled.refused());
            return null;
        }
        ((LoginCheck.Challenge) outcome).refusedLogin().ifPresent(user -> LOG.warn(
                "Web Console login refused for user '{}' from {}", SafeText.printable(user, 100), address));
        HttpAnswers.challenge(request, response, challenge);
        return null;
    }

    private static String host(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host != null && !host.isBlank()) {
            return host;
        }
        String name = request.getServerName();
        return name.indexOf(':') >= 0 && !name.startsWith("[") ? "[" + name + "]:" + request.getServerPort()
                : name + ":" + request.getServerPort();
    }

    private static Object accept(HttpServletRequest request, String username) {
        request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
        request.setAttribute(REMOTE_USER, username);
        return username;
    }

    /** One account, one role: whoever logs in operates the gateway. */
    @Override
    public boolean authorize(Object user, String role) {
        return user != null;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // Basic authentication keeps no server-side session state; the browser forgets on the next 401.
    }
}
