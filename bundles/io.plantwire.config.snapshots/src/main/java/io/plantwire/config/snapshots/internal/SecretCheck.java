package io.plantwire.config.snapshots.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.plantwire.api.text.Redaction;

/**
 * Keeps secrets out of exported documents. Config Admin holds {@code $[secret:name]} and {@code $[env:NAME]} as
 * written (the interpolation plugin resolves them for components only), so an export carries the references. A
 * secret typed in as plain text is a different matter: an export that carried it would put the password into a file
 * that travels between gateways, so the export is refused with the PID and property to fix.
 */
final class SecretCheck {

    /** A whole value made of references only ({@code $[secret:a]}, {@code $[env:B]}), possibly several. */
    private static final Pattern REFERENCES = Pattern.compile("(\\s*\\$\\[(secret|env):[^\\]\\s]+\\]\\s*)+");

    private SecretCheck() {
    }

    /**
     * @param passwordAttributes per PID, the metatype PASSWORD attribute ids (may be missing for a PID)
     * @return "pid, property" of every plaintext secret, empty when the site may be exported
     */
    static List<String> plaintextSecrets(SiteConfiguration site, Map<String, Set<String>> passwordAttributes) {
        List<String> found = new ArrayList<>();
        site.configurations().forEach((pid, props) -> props.forEach((key, value) -> {
            boolean secretKey = Redaction.isSecretName(key)
                    || passwordAttributes.getOrDefault(pid, Set.of()).contains(key);
            if (secretKey ? !referencesOnly(value) : carriesCredential(value)) {
                found.add(pid + ", property " + key);
            }
        }));
        return found;
    }

    /** Empty, or made of references only (every element of an array or collection). */
    static boolean referencesOnly(Object value) {
        if (value == null) {
            return true;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                if (!referencesOnly(Array.get(value, i))) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Collection<?> c) {
            return c.stream().allMatch(SecretCheck::referencesOnly);
        }
        if (value instanceof String s) {
            return s.isEmpty() || REFERENCES.matcher(s).matches();
        }
        return !(value instanceof Character); // a flag or count named like a secret (useToken) is not one
    }

    /** Text Redaction would mask (user:password@ in a URL, password=... in a string), not written as a reference. */
    private static boolean carriesCredential(Object value) {
        if (value instanceof String s) {
            return !s.contains("$[") && !Redaction.redact(s).equals(s);
        }
        if (value != null && value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                if (carriesCredential(Array.get(value, i))) {
                    return true;
                }
            }
        }
        if (value instanceof Collection<?> c) {
            return c.stream().anyMatch(SecretCheck::carriesCredential);
        }
        return false;
    }
}
