package io.plantwire.console.internal;

import java.util.Locale;
import java.util.function.Function;

/**
 * What a form of the features page asks for: install, update or uninstall, of a feature (the feature buttons) or of
 * a single bundle (the bundle field). Parsing only checks the form; whether the feature or bundle exists is for the
 * feature installer.
 *
 * @param verb {@code install}, {@code update} or {@code uninstall}
 * @param feature whether the target is a feature (else a bundle)
 * @param target the feature id or name, or the bundle's coordinates, id or symbolic name, trimmed
 * @param confirmed whether the form carried {@code confirm=yes}: an uninstall is carried out only then, the first
 *        press of Uninstall shows what it removes and asks again
 */
record FeatureAction(String verb, boolean feature, String target, boolean confirmed) {

    /** Form field names. */
    static final String ACTION = "action";
    static final String FEATURE = "feature";
    static final String BUNDLE = "bundle";
    static final String TOKEN = "token";
    static final String CONFIRM = "confirm";

    /** A form that cannot be carried out; the message says what to fill in. */
    static final class Invalid extends Exception {

        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /**
     * @param parameter the request's form parameters by name (null when absent)
     * @throws Invalid when the action is unknown, or neither or both of feature and bundle are given
     */
    static FeatureAction parse(Function<String, String> parameter) throws Invalid {
        String verb = trimmed(parameter.apply(ACTION)).toLowerCase(Locale.ROOT);
        if (!verb.equals("install") && !verb.equals("update") && !verb.equals("uninstall")) {
            throw new Invalid(verb.isEmpty() ? "no action given: use the Install, Update or Uninstall buttons"
                    : "unknown action '" + verb + "': use install, update or uninstall");
        }
        String feature = trimmed(parameter.apply(FEATURE));
        String bundle = trimmed(parameter.apply(BUNDLE));
        if (!feature.isEmpty() && !bundle.isEmpty()) {
            throw new Invalid("give either a feature or a bundle, not both");
        }
        if (feature.isEmpty() && bundle.isEmpty()) {
            throw new Invalid("nothing to " + verb + ": pick a feature in the list or enter a bundle "
                    + "(groupId:artifactId:version, bundle id or symbolic name)");
        }
        boolean confirmed = trimmed(parameter.apply(CONFIRM)).equalsIgnoreCase("yes");
        return feature.isEmpty() ? new FeatureAction(verb, false, bundle, confirmed)
                : new FeatureAction(verb, true, feature, confirmed);
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    /** Whether this action waits for a second, confirming press: an uninstall without {@code confirm=yes}. */
    boolean needsConfirmation() {
        return verb.equals("uninstall") && !confirmed;
    }

    /** For headlines: "Install feature meters", "Uninstall bundle 42". */
    String describe() {
        return Character.toUpperCase(verb.charAt(0)) + verb.substring(1) + (feature ? " feature " : " bundle ")
                + target;
    }
}
