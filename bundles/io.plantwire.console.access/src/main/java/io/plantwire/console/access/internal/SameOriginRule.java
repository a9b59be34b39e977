package io.plantwire.console.access.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.plantwire.api.text.SafeText;

/**
 * Refuses state-changing requests that a browser sent on behalf of another site. A browser resends the console's
 * Basic credentials with every request to the console, whichever page caused it, so credentials alone do not show
 * that the operator meant the request. What a page from elsewhere cannot forge are the headers the browser sets
 * itself: {@code Origin}, {@code Sec-Fetch-Site} and {@code Referer}.
 * <p>
 * GET, HEAD and OPTIONS pass (the console changes nothing on them). Every other method must show that it comes from
 * the console's own origin: {@code Origin} equal to it; else, without {@code Origin}, {@code Sec-Fetch-Site:
 * same-origin}; else a {@code Referer} of the same origin. A request with none of the three is refused, which also
 * refuses scripts that do not say where they come from (they can send {@code Origin} themselves).
 * <p>
 * The console's own origin is the request's scheme and its {@code Host} header, the address the browser used.
 * Origins listed in configuration (a reverse proxy's public address) count as the console's own too.
 */
final class SameOriginRule {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Set<String> extraOrigins;

    /**
     * @param extraOrigins further origins accepted as the console's own, each {@code scheme://host[:port]}
     * @throws IllegalArgumentException naming the first entry that is not such an origin
     */
    SameOriginRule(List<String> extraOrigins) {
        Set<String> origins = new LinkedHashSet<>();
        for (String o : extraOrigins) {
            if (o == null || o.isBlank()) {
                continue;
            }
            origins.add(canonicalOrigin(o.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "allowed.origins entry '" + SafeText.printable(o, 200)
                            + "' is not an origin of the form http(s)://host[:port]")));
        }
        this.extraOrigins = Set.copyOf(origins);
    }

    /** The facts of one request the rule looks at; header values are null when absent. */
    record Request(String method, String scheme, String host, String origin, String secFetchSite, String referer) {
    }

    /** Empty when the request may go on; otherwise why it is refused (for the 403 answer and the log). */
    Optional<String> refusal(Request r) {
        if (r.method() == null || SAFE_METHODS.contains(r.method().toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Optional<String> own = canonicalOrigin(r.scheme(), r.host());
        if (r.origin() != null) {
            Optional<String> origin = canonicalOrigin(r.origin().trim());
            if (origin.isPresent() && isOwn(origin.get(), own)) {
                return Optional.empty();
            }
            return Optional.of("Origin " + quote(r.origin()) + " is not this console's origin "
                    + own.orElse("(unknown)"));
        }
        if (r.secFetchSite() != null) {
            if ("same-origin".equalsIgnoreCase(r.secFetchSite().trim())) {
                return Optional.empty();
            }
            return Optional.of("Sec-Fetch-Site is " + quote(r.secFetchSite()) + ", not same-origin");
        }
        if (r.referer() != null) {
            Optional<String> referer = refererOrigin(r.referer().trim());
            if (referer.isPresent() && isOwn(referer.get(), own)) {
                return Optional.empty();
            }
            return Optional.of("Referer " + quote(r.referer()) + " is not on this console's origin "
                    + own.orElse("(unknown)"));
        }
        return Optional.of("the request names no origin (no Origin, Sec-Fetch-Site or Referer header)");
    }

    private boolean isOwn(String origin, Optional<String> own) {
        return own.map(origin::equals).orElse(false) || extraOrigins.contains(origin);
    }

    private static String quote(String headerValue) {
        return "'" + SafeText.printable(headerValue, 200) + "'";
    }

    /** {@code scheme://host:port} in lower case with the port always written; empty for anything else. */
    static Optional<String> canonicalOrigin(String origin) {
        try {
            URI uri = new URI(origin);
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                return Optional.empty(); // an Origin header is scheme, host and port only
            }
            return canonical(uri);
        } catch (URISyntaxException e) {
            return Optional.empty(); // includes "null", the origin of sandboxed frames and privacy-stripped requests
        }
    }

    static Optional<String> refererOrigin(String referer) {
        try {
            return canonical(new URI(referer));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The origin a browser would show for a request that reached this server with this scheme and Host. */
    static Optional<String> canonicalOrigin(String scheme, String hostHeader) {
        if (scheme == null || hostHeader == null || hostHeader.isBlank()) {
            return Optional.empty();
        }
        return canonicalOrigin(scheme + "://" + hostHeader.trim());
    }

    private static Optional<String> canonical(URI uri) {
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null) {
            return Optional.empty();
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == -1) {
            port = switch (scheme) {
                case "http" -> 80;
                case "https" -> 443;
                default -> -1;
            };
        }
        if (port == -1) {
            return Optional.empty();
        }
        return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port);
    }
}
