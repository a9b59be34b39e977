package io.plantwire.console.access.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Refuses the Felix Web Console's own bundle upload (the *Bundles* page's "Install/Update" dialog: a multipart POST
 * to {@code <console>/bundles}, or a POST to {@code <console>/bundles/install}). It would install or update a jar
 * straight through the framework, past the gateway's trust policy (docs/security.md); signed bundles go in through
 * {@code deploy/} or {@code plantwire:install <path>}, which check them. The page's other actions (start, stop,
 * refresh, uninstall of a bundle) are plain form posts and pass.
 */
final class BundleUploadRule {

    /** What the refused request is told. */
    static final String REASON = "bundle uploads through the Bundles page are refused: they would bypass the "
            + "gateway's trust policy. Drop the signed jar into the gateway's deploy/ folder or use "
            + "plantwire:install <path> in the shell; both check its signature (docs/security.md).";

    private BundleUploadRule() {
    }

    /**
     * @param method the HTTP method
     * @param consolePath the request path below the console root, e.g. {@code /bundles} or {@code /bundles/12}
     * @param contentType the request's content type, or null
     * @return the reason to refuse, or empty to let it through
     */
    static Optional<String> refusal(String method, String consolePath, String contentType) {
        if (!"POST".equalsIgnoreCase(method) || consolePath == null) {
            return Optional.empty();
        }
        String path = consolePath.endsWith("/") ? consolePath.substring(0, consolePath.length() - 1) : consolePath;
        boolean bundlesPage = path.equals("/bundles") || path.startsWith("/bundles/");
        if (!bundlesPage) {
            return Optional.empty();
        }
        boolean multipart = contentType != null
                && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/");
        return multipart || path.equals("/bundles/install") ? Optional.of(REASON) : Optional.empty();
    }

    /** The part of a request URI below the console root ({@code /system/console} by default), or null. */
    static String belowConsoleRoot(String requestUri, String consoleRoot) {
        if (requestUri == null || !requestUri.startsWith(consoleRoot)) {
            return null;
        }
        return requestUri.substring(consoleRoot.length());
    }
}
