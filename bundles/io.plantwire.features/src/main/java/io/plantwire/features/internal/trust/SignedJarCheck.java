package io.plantwire.features.internal.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

/**
 * Checks a jar signed in the jarsigner format: every entry is read in full (which makes the JDK compare it with the
 * digest its signature covers), every entry but the signature files themselves must be signed, one signer must have
 * signed all of them, that signer's certificate chain must be valid now and end at the trust store, and no entry the
 * signature lists may be missing.
 */
final class SignedJarCheck {

    private final TrustStore trustStore;

    SignedJarCheck(TrustStore trustStore) {
        this.trustStore = trustStore;
    }

    /**
     * @param jar the file to check
     * @return null if the jar is signed as required by a trusted signer, else why not
     */
    Refusal refusal(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return new Refusal(Refusal.UNSIGNED, "it has no manifest");
            }
            Set<CodeSigner> common = null;
            Set<String> present = new HashSet<>();
            byte[] buffer = new byte[65536];
            int signedEntries = 0;
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                present.add(entry.getName());
                try (InputStream in = file.getInputStream(entry)) {
                    while (in.read(buffer) >= 0) {
                        // reading to the end lets the JDK verify the entry against its signed digest
                    }
                } catch (SecurityException e) {
                    return new Refusal(Refusal.TAMPERED, "entry " + entry.getName()
                            + " does not match its signature (changed after signing: " + e.getMessage() + ")");
                } catch (IOException e) {
                    return new Refusal(Refusal.TAMPERED, "entry " + entry.getName() + " is damaged (" + e.getMessage()
                            + ")");
                }
                if (entry.isDirectory() || isSignatureFile(entry.getName())) {
                    continue;
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    return signedEntries == 0 && common == null && !hasSignatureFiles(file)
                            ? new Refusal(Refusal.UNSIGNED, "it is not signed")
                            : new Refusal(Refusal.PARTIALLY_SIGNED, "entry " + entry.getName() + " is not signed");
                }
                signedEntries++;
                Set<CodeSigner> these = new LinkedHashSet<>(Arrays.asList(signers));
                if (common == null) {
                    common = these;
                } else {
                    common.retainAll(these);
                    if (common.isEmpty()) {
                        return new Refusal(Refusal.PARTIALLY_SIGNED, "entry " + entry.getName()
                                + " is signed by another signer than the entries before it");
                    }
                }
            }
            if (common == null) {
                return new Refusal(Refusal.UNSIGNED, hasSignatureFiles(file) ? "it has no signed content"
                        : "it is not signed");
            }
            for (Map.Entry<String, Attributes> listed : manifest.getEntries().entrySet()) {
                if (hasDigest(listed.getValue()) && !present.contains(listed.getKey())) {
                    return new Refusal(Refusal.TAMPERED, "entry " + listed.getKey()
                            + " is covered by the signature but missing (removed after signing)");
                }
            }
            Refusal first = null;
            for (CodeSigner signer : common) {
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : signer.getSignerCertPath().getCertificates()) {
                    chain.add((X509Certificate) c);
                }
                Refusal reason = trustStore.untrustedReason(chain);
                if (reason == null) {
                    return null;
                }
                first = first == null ? reason : first;
            }
            return first;
        } catch (SecurityException e) {
            return new Refusal(Refusal.TAMPERED, "its signature is invalid: " + e.getMessage());
        } catch (ZipException e) {
            return new Refusal(Refusal.UNREADABLE, "it is not a jar: " + e.getMessage());
        } catch (IOException e) {
            return new Refusal(Refusal.UNREADABLE, "it cannot be read: " + e.getMessage());
        }
    }

    private static boolean hasDigest(Attributes attributes) {
        for (Object key : attributes.keySet()) {
            if (key.toString().toUpperCase(Locale.ROOT).endsWith("-DIGEST")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSignatureFiles(JarFile file) {
        for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
            String name = entries.nextElement().getName().toUpperCase(Locale.ROOT);
            if (name.startsWith("META-INF/") && name.endsWith(".SF")) {
                return true;
            }
        }
        return false;
    }

    /** The manifest and the signature files, which the signature does not (and cannot) cover. */
    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return upper.equals("META-INF/MANIFEST.MF") || upper.endsWith(".SF") || upper.endsWith(".RSA")
                || upper.endsWith(".DSA") || upper.endsWith(".EC") || upper.startsWith("META-INF/SIG-");
    }
}
