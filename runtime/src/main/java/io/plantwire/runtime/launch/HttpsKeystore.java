package io.plantwire.runtime.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's HTTPS key and certificate chain, from a PKCS#12 keystore or from PEM files, checked at start and
 * written again as a PKCS#12 file in {@code data/https/} under a password made for this start.
 * <p>
 * Why a copy: Felix HTTP only takes a keystore path and its password as framework properties, and the Web Console
 * prints all system properties on its status page. The operator's own keystore password therefore never becomes a
 * property; the property holds the one-time password of a file only the gateway's user can read. Checking here also
 * turns a wrong password or a key that does not match its certificate into a refused start with a message, instead
 * of a gateway that runs without HTTPS and an exception in the log.
 */
final class HttpsKeystore {

    static final String FILE_NAME = "console-https.p12";
    private static final String ALIAS = "plantwire-console";
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private HttpsKeystore(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = chain;
    }

    /** The first certificate: the one Jetty presents. */
    X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * Reads a PKCS#12 (or JKS) keystore holding exactly one private key with its chain.
     *
     * @param what the setting that named the file, for messages
     */
    static HttpsKeystore fromKeystore(String what, Path file, String password) {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance(file.getFileName().toString().toLowerCase().endsWith(".jks") ? "JKS"
                    : "PKCS12");
            store.load(in, pw);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " '" + file + "' does not exist");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(what + " '" + file + "' is not readable by this user");
        } catch (IOException e) {
            // PKCS12 reports a wrong password as an IOException caused by UnrecoverableKeyException.
            throw new IllegalArgumentException(what + " '" + file + "' cannot be opened with the given password, or "
                    + "is not a PKCS#12 keystore (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " '" + file + "' cannot be read: " + e.getMessage());
        }
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.size() != 1) {
                throw new IllegalArgumentException(what + " '" + file + "' must hold exactly one private key, it holds "
                        + keyAliases.size() + (keyAliases.isEmpty() ? "" : " " + keyAliases));
            }
            String alias = keyAliases.get(0);
            Key k = store.getKey(alias, pw);
            Certificate[] certs = store.getCertificateChain(alias);
            if (!(k instanceof PrivateKey pk) || certs == null || certs.length == 0) {
                throw new IllegalArgumentException(what + " '" + file + "': entry '" + alias
                        + "' is not a private key with a certificate");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : certs) {
                chain.add((X509Certificate) c);
            }
            return checked(what + " '" + file + "'", pk, chain);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " '" + file + "': the key cannot be read with the keystore "
                    + "password (" + e.getMessage() + ")");
        }
    }

    /** Reads a PEM certificate chain and an unencrypted PKCS#8 PEM private key. */
    static HttpsKeystore fromPem(String certWhat, Path certFile, String keyWhat, Path keyFile) {
        List<X509Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(certFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            for (Certificate c : certs) {
                chain.add((X509Certificate) c);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(certWhat + " '" + certFile + "' does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(certWhat + " '" + certFile + "' is not readable: " + e.getMessage());
        } catch (CertificateException e) {
            throw new IllegalArgumentException(certWhat + " '" + certFile + "' holds no PEM certificate ("
                    + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(certWhat + " '" + certFile + "' holds no certificate");
        }
        String pem;
        try {
            pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(keyWhat + " '" + keyFile + "' does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(keyWhat + " '" + keyFile + "' is not readable: " + e.getMessage());
        }
        Matcher m = PEM_BLOCK.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException(keyWhat + " '" + keyFile + "' holds no PEM block");
        }
        String type = m.group(1);
        if (!type.equals("PRIVATE KEY")) {
            throw new IllegalArgumentException(keyWhat + " '" + keyFile + "' holds a '" + type + "' block; an "
                    + "unencrypted PKCS#8 key ('PRIVATE KEY') is needed: openssl pkcs8 -topk8 -nocrypt -in "
                    + keyFile.getFileName() + " -out key-pkcs8.pem");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyWhat + " '" + keyFile + "': the PEM block is not valid base64");
        }
        String algorithm = chain.get(0).getPublicKey().getAlgorithm();
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(keyWhat + " '" + keyFile + "' is not a " + algorithm
                    + " key like the certificate's in " + certFile + " (" + e.getMessage() + ")");
        }
        return checked(keyWhat + " '" + keyFile + "'", key, chain);
    }

    /** The key must be the certificate's: proven by a signature the certificate's public key verifies. */
    private static HttpsKeystore checked(String what, PrivateKey key, List<X509Certificate> chain) {
        X509Certificate cert = chain.get(0);
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> throw new IllegalArgumentException(what + ": key algorithm " + key.getAlgorithm()
                    + " is not supported (RSA, EC, Ed25519)");
        };
        try {
            byte[] probe = "plantwire https key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException(what + ": the private key does not belong to the certificate "
                        + cert.getSubjectX500Principal().getName());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(what + ": the private key does not belong to the certificate "
                    + cert.getSubjectX500Principal().getName() + " (" + e.getMessage() + ")");
        }
        return new HttpsKeystore(key, List.copyOf(chain));
    }

    /** Why the certificate would be refused by a browser for its dates, or empty. */
    Optional<String> validityProblem() {
        try {
            certificate().checkValidity();
            return Optional.empty();
        } catch (CertificateExpiredException e) {
            return Optional.of("the HTTPS certificate expired on " + certificate().getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return Optional.of("the HTTPS certificate is valid only from " + certificate().getNotBefore().toInstant());
        }
    }

    /**
     * Writes the key and chain as {@code <dir>/console-https.p12} (owner only, replaced atomically) and returns the
     * password made for it.
     */
    String writeTo(Path dir, SecureRandom random) throws IOException {
        Files.createDirectories(dir);
        boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
        if (posix) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Path tmp = posix ? Files.createTempFile(dir, ".https", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".https", ".tmp");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password.toCharArray(), chain.toArray(new Certificate[0]));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                store.store(out, password.toCharArray());
            }
            Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write " + dir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return password;
    }
}
