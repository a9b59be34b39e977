package io.plantwire.features.internal.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.text.SafeText;
import io.plantwire.features.FeatureException;
import io.plantwire.features.InstallRefusal;
import io.plantwire.features.TrustStatus;
import io.plantwire.features.internal.FeatureFileAdmission;
import io.plantwire.features.internal.JarAdmission;
import io.plantwire.features.trust.FeatureSignature;

/**
 * The gateway's trust policy (docs/security.md): decides, for every install path, whether a jar may become a bundle
 * and whether a feature file may be read. A feature file needs a detached signature by a trusted key; a jar a verified
 * feature pins must have exactly the pinned SHA-256; any other jar must be signed (jarsigner format) by a trusted
 * signer. Refusals are logged, counted by kind and kept for the console.
 */
@Component(service = {TrustStatus.class, GatewayTrust.class}, immediate = true, configurationPid = GatewayTrust.PID)
@Designate(ocd = TrustConfig.class)
public class GatewayTrust implements TrustStatus, JarAdmission, FeatureFileAdmission {

    /** Configuration PID of the trust policy. */
    public static final String PID = "io.plantwire.trust";
    /** Framework properties giving gateway-wide defaults for the attributes a configuration leaves at default. */
    static final String MODE_PROPERTY = "plantwire.trust.mode";
    static final String STORE_PROPERTY = "plantwire.trust.store";
    static final int RECENT = 100;

    private static final System.Logger LOG = System.getLogger(GatewayTrust.class.getName());

    private final BundleContext context;
    private volatile TrustMode mode;
    private volatile TrustStore store;
    private volatile SignedJarCheck jarCheck;
    private final Deque<InstallRefusal> recent = new ArrayDeque<>();
    private final Map<String, Long> counts = new TreeMap<>();
    /** The last refusal of each origin, so a repeat of the same is not logged and counted again (bounded). */
    private final Map<String, String> lastByOrigin = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 1000;
        }
    };

    @Activate
    public GatewayTrust(BundleContext context, TrustConfig config, Map<String, Object> properties) {
        this.context = context;
        apply(config, properties);
    }

    /** A policy without a framework: for tests and tools. */
    GatewayTrust(TrustMode mode, Path trustStore) {
        this.context = null;
        use(mode, new TrustStore(trustStore));
    }

    @Modified
    void modified(TrustConfig config, Map<String, Object> properties) {
        apply(config, properties);
    }

    /**
     * Without a configuration (no service.pid), the framework properties plantwire.trust.mode and
     * plantwire.trust.store give the values, so a gateway or a test run can set them from its first moment; a
     * configuration, once there, decides alone.
     */
    private void apply(TrustConfig config, Map<String, Object> properties) {
        boolean configured = properties.get(org.osgi.framework.Constants.SERVICE_PID) != null;
        String modeText = config.trust_mode();
        String storeText = config.trust_store();
        if (!configured) {
            modeText = orElse(context.getProperty(MODE_PROPERTY), modeText);
            storeText = orElse(context.getProperty(STORE_PROPERTY), storeText);
        }
        TrustMode newMode = TrustMode.parse("trust.mode", modeText);
        if (storeText == null || storeText.isBlank()) {
            throw new IllegalArgumentException("trust.store: '" + storeText + "' is empty, expected a folder path");
        }
        String homeText = context.getProperty("plantwire.home");
        Path home = Paths.get(homeText != null ? homeText : System.getProperty("user.dir")).toAbsolutePath();
        use(newMode, new TrustStore(home.resolve(storeText.trim()).normalize()));
    }

    private static String orElse(String property, String value) {
        return property != null && !property.isBlank() ? property.trim() : value;
    }

    private void use(TrustMode newMode, TrustStore newStore) {
        this.store = newStore;
        this.jarCheck = new SignedJarCheck(newStore);
        this.mode = newMode;
        announce();
    }

    private void announce() {
        TrustStore s = store;
        if (mode == TrustMode.OFF) {
            LOG.log(System.Logger.Level.WARNING, "trust.mode=off: jars and feature files are installed without "
                    + "checking who made them (only the SHA-256 pins of features are compared); set trust.mode=enforce");
            return;
        }
        List<String> subjects = s.subjects();
        String text = "Trust: mode " + mode.label() + ", trust store " + s.folder() + " with " + subjects.size()
                + " certificate(s)" + (subjects.isEmpty() ? "" : ": " + String.join("; ", subjects));
        LOG.log(mode == TrustMode.WARN || subjects.isEmpty() ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                text + (mode == TrustMode.WARN ? " (warn: what fails the checks is installed anyway)" : ""));
        for (String problem : s.problems()) {
            LOG.log(System.Logger.Level.WARNING, "trust store: " + SafeText.printable(problem)
                    + " was not read as a certificate");
        }
    }

    // ---------------------------------------------------------------- admission

    @Override
    public void admit(Path copy, String origin, String sha256, String pinnedSha256) throws FeatureException {
        if (pinnedSha256 != null) {
            // The pin comes from a feature file whose signature was verified before it was read: the content is
            // exactly what the feature's signer built, whatever signs the jar itself. Checked in every mode.
            if (!pinnedSha256.equals(sha256)) {
                refuse(origin, new Refusal(Refusal.PIN_MISMATCH, "its SHA-256 " + sha256 + " differs from "
                        + pinnedSha256 + " pinned by its signed feature"), true, sha256);
            }
            return;
        }
        if (mode == TrustMode.OFF) {
            return;
        }
        Refusal refusal = jarCheck.refusal(copy);
        if (refusal != null) {
            refuse(origin, refusal, mode == TrustMode.ENFORCE, sha256);
        } else {
            admitted(origin);
        }
    }

    private synchronized void admitted(String origin) {
        lastByOrigin.remove(origin);
    }

    @Override
    public void admit(Path file, byte[] content) throws FeatureException {
        if (mode == TrustMode.OFF) {
            return;
        }
        Refusal refusal = featureRefusal(file, content);
        if (refusal != null) {
            refuse(file.toString(), refusal, mode == TrustMode.ENFORCE, java.util.Arrays.hashCode(content) + ":"
                    + content.length);
        } else {
            admitted(file.toString());
        }
    }

    private Refusal featureRefusal(Path file, byte[] content) {
        Path signatureFile = file.resolveSibling(file.getFileName() + FeatureSignature.SUFFIX);
        byte[] signatureText;
        try {
            if (!Files.isRegularFile(signatureFile)) {
                return new Refusal(Refusal.FEATURE_SIGNATURE, "it has no signature (" + signatureFile.getFileName()
                        + " is missing)");
            }
            if (Files.size(signatureFile) > FeatureSignature.MAX_BYTES) {
                return new Refusal(Refusal.FEATURE_SIGNATURE, signatureFile.getFileName() + " is larger than "
                        + FeatureSignature.MAX_BYTES + " bytes");
            }
            signatureText = Files.readAllBytes(signatureFile);
        } catch (IOException e) {
            return new Refusal(Refusal.FEATURE_SIGNATURE, signatureFile.getFileName() + " cannot be read: "
                    + e.getMessage());
        }
        FeatureSignature signature;
        try {
            signature = FeatureSignature.parse(signatureText);
        } catch (IllegalArgumentException e) {
            return new Refusal(Refusal.FEATURE_SIGNATURE, signatureFile.getFileName() + ": " + e.getMessage());
        }
        Refusal untrusted = store.untrustedReason(signature.chain());
        if (untrusted != null) {
            return untrusted;
        }
        if (!signature.matches(content)) {
            return new Refusal(Refusal.FEATURE_SIGNATURE, "its signature does not match its content (changed after "
                    + "signing, or signed with another key)");
        }
        return null;
    }

    private void refuse(String origin, Refusal refusal, boolean enforce, String fingerprint)
            throws FeatureException {
        String message = SafeText.printable(origin) + " refused: " + SafeText.printable(refusal.reason());
        synchronized (this) {
            // The same content refused again for the same reason (a feature listing reads every file, a user tries
            // again): refused as before, but logged and counted once.
            String key = fingerprint + "|" + refusal.kind() + "|" + refusal.reason();
            if (key.equals(lastByOrigin.put(origin, key))) {
                if (enforce) {
                    throw new FeatureException(message);
                }
                return;
            }
            recent.addFirst(new InstallRefusal(Instant.now(), origin, refusal.kind(), refusal.reason(), !enforce));
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
            counts.merge(refusal.kind(), 1L, Long::sum);
        }
        if (enforce) {
            LOG.log(System.Logger.Level.ERROR, message);
            throw new FeatureException(message);
        }
        LOG.log(System.Logger.Level.WARNING, "trust.mode=warn: INSTALLING ANYWAY what the trust checks refuse: "
                + message);
    }

    // ---------------------------------------------------------------- status

    @Override
    public String mode() {
        return mode.label();
    }

    @Override
    public String trustStore() {
        return store.folder().toString();
    }

    @Override
    public List<String> trustedSigners() {
        return store.subjects();
    }

    @Override
    public List<String> trustStoreProblems() {
        return store.problems();
    }

    @Override
    public synchronized List<InstallRefusal> recentRefusals() {
        return List.copyOf(recent);
    }

    @Override
    public synchronized Map<String, Long> refusalsByKind() {
        return Map.copyOf(counts);
    }
}
