package io.plantwire.config.files.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.plantwire.api.text.Redaction;

/**
 * The values the write-back leaves in a file as written, whatever the configuration says, so that no secret is ever
 * written into a {@code conf/} file:
 * <ul>
 * <li>attributes the metatype declares PASSWORD, private attributes ({@code .}-prefixed, which DS keeps out of
 * service properties) and keys named like a secret ({@link Redaction#isSecretName});</li>
 * <li>any key whose value in the file holds a {@code $[secret:...]}, {@code $[env:...]} or {@code $[prop:...]}
 * reference: the reference stays as written;</li>
 * <li>any new value that contains the resolved value of a reference the file makes, or a PEM private key.</li>
 * </ul>
 * A new value that is nothing but references ({@code $[secret:mqtt-password]}) holds no secret and is written.
 */
final class KeptValues {

    /** Decides per key, given the value in the file (null if absent) and the value the configuration has. */
    interface Rule {
        boolean keep(String key, Object inFile, Object wanted);
    }

    private final Set<String> passwordAttributes;
    private final Function<String, String> secretValue;
    private final Function<String, String> environment;

    /**
     * @param passwordAttributes the configuration's PASSWORD attribute ids
     * @param secretValue a secret's value by name, null when unknown or refused
     * @param environment an environment variable's value by name, null when unset
     */
    KeptValues(Set<String> passwordAttributes, Function<String, String> secretValue,
            Function<String, String> environment) {
        this.passwordAttributes = passwordAttributes;
        this.secretValue = secretValue;
        this.environment = environment;
    }

    /** The rule for one file, knowing the values its references resolve to. */
    Rule forFile(Map<String, Object> inFile) {
        List<String> resolved = new ArrayList<>();
        for (Object v : inFile.values()) {
            for (SecretReferences.Reference r : SecretReferences.in(v)) {
                String value = r.type().equals("secret") ? secretValue.apply(r.name()) : environment.apply(r.name());
                // Shorter ones would match ordinary values (a "1" or "on"); such a secret is no secret anyway.
                if (value != null && value.length() >= 4) {
                    resolved.add(value);
                }
            }
        }
        return (key, fileValue, wanted) -> {
            if (wanted != null && SecretReferences.onlyReferences(wanted)) {
                return false;
            }
            return key.startsWith(".") || passwordAttributes.contains(key) || Redaction.isSecretName(key)
                    || SecretReferences.hasReference(fileValue) || contains(wanted, resolved)
                    || holdsPrivateKey(wanted);
        };
    }

    private static boolean contains(Object wanted, List<String> secrets) {
        for (String text : texts(wanted)) {
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean holdsPrivateKey(Object wanted) {
        for (String text : texts(wanted)) {
            if (text.contains("PRIVATE KEY-----")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> texts(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] a) {
            List<String> out = new ArrayList<>();
            for (String s : a) {
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
        return List.of();
    }
}
