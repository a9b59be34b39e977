package io.plantwire.config.snapshots.internal;

/** A document, snapshot or import that cannot be used; the message names what was wrong and where. */
final class SiteDocumentException extends Exception {

    private static final long serialVersionUID = 1L;

    SiteDocumentException(String message) {
        super(message);
    }

    SiteDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
