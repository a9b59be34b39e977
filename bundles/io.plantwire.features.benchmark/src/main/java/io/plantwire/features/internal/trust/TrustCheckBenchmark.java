package io.plantwire.features.internal.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.plantwire.features.trust.FeatureSignature;
import io.plantwire.test.support.FileTrees;
import io.plantwire.test.support.TestSigner;

/**
 * What the trust checks cost, per jar and per feature file (docs/security.md "Figures"):
 * <ul>
 * <li>{@code signedJar}: the whole check of a jar installed on its own — every entry read and compared with its signed
 * digest, one signer for all, its chain checked against the trust store;</li>
 * <li>{@code stageCopy} / {@code stageCopyWithHash}: the installer's one copy of a jar, without and with the SHA-256
 * it compares with a feature's pin (the only per-jar work a pinned feature adds);</li>
 * <li>{@code featureSignature}: the detached signature of a feature file the size of the reference scenario's.</li>
 * </ul>
 * The jars hold incompressible data, so their size on disk is the parameter.
 *
 * <pre>java -jar bundles/io.plantwire.features.benchmark/target/benchmarks.jar -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrustCheckBenchmark {

    @Param({"1", "10"})
    public int megabytes;

    private Path dir;
    private Path signedJar;
    private Path feature;
    private byte[] featureBytes;
    private GatewayTrust trust;
    private int copies;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("plantwire-trust-bench");
        TestSigner oem = TestSigner.make(dir, "Bench OEM", null, 30);
        oem.trustIn(dir.resolve("trust"));
        Path plain = jar(dir.resolve("plain.jar"), megabytes);
        signedJar = oem.sign(plain, dir.resolve("signed.jar"));
        trust = new GatewayTrust(TrustMode.ENFORCE, dir.resolve("trust"));
        // The reference scenario's feature is ~13 KB of JSON.
        featureBytes = ("{\"id\":\"io.plantwire:io.plantwire.feature.bench:1\",\"description\":\""
                + "x".repeat(13_000) + "\"}").getBytes();
        feature = Files.write(dir.resolve("bench.json"), featureBytes);
        Files.writeString(dir.resolve("bench.json" + FeatureSignature.SUFFIX),
                FeatureSignature.sign(featureBytes, oem.key, oem.chain));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        FileTrees.delete(dir);
    }

    @Benchmark
    public void signedJar() throws Exception {
        trust.admit(signedJar, "bench.jar", "", null);
    }

    @Benchmark
    public long stageCopy() throws IOException {
        Path copy = dir.resolve("copy-" + (copies++ % 2) + ".jar");
        try (InputStream in = Files.newInputStream(signedJar); OutputStream out = Files.newOutputStream(copy)) {
            return in.transferTo(out);
        }
    }

    @Benchmark
    public String stageCopyWithHash() throws Exception {
        Path copy = dir.resolve("copy-" + (copies++ % 2) + ".jar");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(signedJar), sha);
                OutputStream out = Files.newOutputStream(copy)) {
            in.transferTo(out);
        }
        String hash = HexFormat.of().formatHex(sha.digest());
        trust.admit(copy, "bench.jar", hash, hash);
        return hash;
    }

    @Benchmark
    public void featureSignature() throws Exception {
        trust.admit(feature, featureBytes);
    }

    /** A bundle jar of about {@code megabytes} MB of random (incompressible) entries of 64 KiB. */
    static Path jar(Path file, int megabytes) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "com.acme.bench");
        main.putValue("Bundle-Version", "1.0.0");
        Random random = new Random(42);
        byte[] data = new byte[64 * 1024];
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            for (int i = 0; i < megabytes * 16; i++) {
                random.nextBytes(data);
                out.putNextEntry(new JarEntry("com/acme/bench/Data" + i + ".class"));
                out.write(data);
                out.closeEntry();
            }
        }
        return file;
    }
}
