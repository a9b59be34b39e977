package io.plantwire.console.access.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import io.plantwire.api.text.SafeText;

import org.osgi.service.servlet.context.ServletContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet context of the gateway's operations endpoints ({@code /metrics}, {@code /health}): a servlet that
 * selects it ({@value #SELECT}) is reachable only with the console's account or, when configured, the scrapers'
 * read-only bearer token. Registered by {@link ConsoleAccessGuard} with the same account and the same login
 * throttle, so it exists exactly while the console's access control does: without it such servlets are not served
 * at all (closed, never open).
 * <p>
 * The token is accepted only for the paths in {@link #TOKEN_PATHS} (and below {@code /health}); for anything else
 * registered in this context, and for the Web Console, it counts as no credentials.
 */
final class OperationsEndpointGuard extends ServletContextHelper {

    /** The context's name; servlets select it with {@value #SELECT}. */
    static final String CONTEXT_NAME = "plantwire.operations";
    static final String SELECT = "(osgi.http.whiteboard.context.name=" + CONTEXT_NAME + ")";
    static final Set<String> TOKEN_PATHS = Set.of("/metrics", "/health");

    private static final Logger LOG = LoggerFactory.getLogger(OperationsEndpointGuard.class);

    private final LoginCheck logins;
    private final Optional<ScrapeToken> token;
    private final String challenge;

    OperationsEndpointGuard(LoginCheck logins, Optional<ScrapeToken> token, String realm) {
        this.logins = logins;
        this.token = token;
        String basic = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
        this.challenge = token.isPresent() ? basic + ", Bearer realm=\"" + realm + "\"" : basic;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = pathInContext(request);
        String address = request.getRemoteAddr();
        LoginCheck.Outcome outcome;
        try {
            outcome = logins.check(address, request.getHeader("Authorization"),
                    tokenScope(path) ? token : Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpAnswers.tooManyAttempts(response, 1);
            return false;
        }
        if (outcome instanceof LoginCheck.Accepted accepted) {
            request.setAttribute(REMOTE_USER, accepted.user());
            request.setAttribute(AUTHENTICATION_TYPE, LoginCheck.TOKEN_USER.equals(accepted.user())
                    ? "Bearer" : HttpServletRequest.BASIC_AUTH);
            return true;
        }
        if (outcome instanceof LoginCheck.Throttled throttled) {
            HttpAnswers.refuseThrottled(LOG, "Operations endpoint", response, address, throttled.refused());
            return false;
        }
        LoginCheck.Challenge refused = (LoginCheck.Challenge) outcome;
        if (refused.wrongToken()) {
            LOG.warn("Wrong scrape token for {} from {}", SafeText.printable(path, 100), address);
        }
        refused.refusedLogin().ifPresent(user -> LOG.warn("Login refused for user '{}' at {} from {}",
                SafeText.printable(user, 100), SafeText.printable(path, 100), address));
        HttpAnswers.challenge(request, response, challenge);
        return false;
    }

    /** Where the token counts: /metrics, /health and below /health (e.g. /health/ready). */
    static boolean tokenScope(String path) {
        return TOKEN_PATHS.contains(path) || path.startsWith("/health/");
    }

    /** The decoded, normalized path below the context (the context is at the root), as the servlet sees it. */
    private static String pathInContext(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        return (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    }
}
