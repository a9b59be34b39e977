package io.plantwire.features.internal.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The gateway's trust store: a folder of X.509 certificates ({@code *.pem}, {@code *.crt} or {@code *.cer}, PEM or
 * DER, several per file allowed). Each is a trust anchor: a signer whose chain ends at one of them is trusted. An
 * operator trusts a new OEM by copying its certificate into the folder; removing the file withdraws the trust. The
 * folder is read again when it changes, so neither needs a restart.
 */
final class TrustStore {

    /** Larger certificate files are refused: a trust store holds a few small certificates. */
    static final long MAX_FILE_BYTES = 256 * 1024;

    private final Path folder;
    private Set<TrustAnchor> anchors = Set.of();
    private List<String> problems = List.of();
    private long stamp = Long.MIN_VALUE;

    TrustStore(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** The certificates of the folder as read now; files that cannot be read are named by {@link #problems()}. */
    synchronized Set<TrustAnchor> anchors() {
        long now = folderStamp();
        if (now != stamp) {
            load();
            stamp = now;
        }
        return anchors;
    }

    /** Files of the folder that are not certificates, with the reason; empty when all were read. */
    synchronized List<String> problems() {
        anchors();
        return problems;
    }

    /** The subjects of the trusted certificates, for the console and the log. */
    List<String> subjects() {
        List<String> out = new ArrayList<>();
        for (TrustAnchor a : anchors()) {
            out.add(a.getTrustedCert().getSubjectX500Principal().getName());
        }
        out.sort(null);
        return out;
    }

    /**
     * Checks that the chain (signer first) is valid now and ends at a trusted certificate.
     *
     * @return null if it does, else why not, naming the signer
     */
    Refusal untrustedReason(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return new Refusal(Refusal.UNSIGNED, "no signer certificate");
        }
        X509Certificate signer = chain.get(0);
        String who = "signer " + signer.getSubjectX500Principal().getName();
        Date now = new Date();
        for (X509Certificate c : chain) {
            try {
                c.checkValidity(now);
            } catch (CertificateExpiredException e) {
                return new Refusal(Refusal.EXPIRED, who + ": certificate " + c.getSubjectX500Principal().getName()
                        + " expired on " + c.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                return new Refusal(Refusal.EXPIRED, who + ": certificate " + c.getSubjectX500Principal().getName()
                        + " is not valid before " + c.getNotBefore().toInstant());
            }
        }
        Set<TrustAnchor> trusted = anchors();
        if (trusted.isEmpty()) {
            return new Refusal(Refusal.UNTRUSTED_SIGNER, who + " is not trusted: the trust store " + folder
                    + " holds no certificate");
        }
        // The chain up to (not including) the first certificate that is itself an anchor; PKIX wants the path
        // without its anchor. A signer whose own certificate is in the store has an empty path.
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (isAnchor(c, trusted)) {
                if (path.isEmpty()) {
                    return null;
                }
                break;
            }
            path.add(c);
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(trusted);
            // Gateways are often offline: no CRL or OCSP look-ups; withdrawing trust is removing the anchor.
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return null;
        } catch (CertPathValidatorException e) {
            return new Refusal(Refusal.UNTRUSTED_SIGNER, who + " is not trusted (its chain does not end at a "
                    + "certificate of the trust store " + folder + ": " + e.getMessage() + ")");
        } catch (CertificateException | InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            return new Refusal(Refusal.UNTRUSTED_SIGNER, who + " cannot be checked: " + e.getMessage());
        }
    }

    private static boolean isAnchor(X509Certificate c, Set<TrustAnchor> anchors) {
        for (TrustAnchor a : anchors) {
            if (a.getTrustedCert().equals(c)) {
                return true;
            }
        }
        return false;
    }

    private long folderStamp() {
        // The folder's own time changes when a file is added or removed; the newest file time catches a file
        // replaced in place.
        long result = 0;
        try {
            if (!Files.isDirectory(folder)) {
                return -1;
            }
            result = Files.getLastModifiedTime(folder).toMillis();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                for (Path f : files) {
                    result = result * 31 + Files.getLastModifiedTime(f).toMillis() + Files.size(f);
                }
            }
        } catch (IOException e) {
            return result - 1;
        }
        return result;
    }

    private void load() {
        Set<TrustAnchor> loaded = new HashSet<>();
        List<String> failed = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.{pem,crt,cer}")) {
                for (Path file : files) {
                    try {
                        if (Files.size(file) > MAX_FILE_BYTES) {
                            failed.add(file.getFileName() + ": larger than " + MAX_FILE_BYTES + " bytes");
                            continue;
                        }
                        Collection<? extends Certificate> certificates;
                        try (InputStream in = Files.newInputStream(file)) {
                            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                        }
                        if (certificates.isEmpty()) {
                            failed.add(file.getFileName() + ": no certificate in it");
                        }
                        for (Certificate c : certificates) {
                            loaded.add(new TrustAnchor((X509Certificate) c, null));
                        }
                    } catch (IOException | CertificateException | ClassCastException e) {
                        failed.add(file.getFileName() + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                failed.add(folder + ": " + e.getMessage());
            }
        }
        anchors = Set.copyOf(loaded);
        problems = List.copyOf(failed);
    }
}
