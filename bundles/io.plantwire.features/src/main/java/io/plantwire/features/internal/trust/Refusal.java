package io.plantwire.features.internal.trust;

/**
 * Why a jar or feature file failed a trust check: a kind for counting (the console and metrics show counts per kind)
 * and a reason for people, which names what was wrong.
 */
record Refusal(String kind, String reason) {

    static final String UNSIGNED = "unsigned";
    static final String PARTIALLY_SIGNED = "partially-signed";
    static final String TAMPERED = "tampered";
    static final String UNTRUSTED_SIGNER = "untrusted-signer";
    static final String EXPIRED = "expired-certificate";
    static final String PIN_MISMATCH = "pin-mismatch";
    static final String FEATURE_SIGNATURE = "feature-signature";
    static final String UNREADABLE = "unreadable";
}
