package io.plantwire.sink.kafka.internal;

import java.util.List;
import java.util.Map;

/**
 * The libraries kafka-clients loads for a {@code compression.type}. The Kafka wrapper imports them dynamically
 * (docs/decisions/kafka-codecs-on-demand.md): a gateway whose sinks send {@code none} or {@code gzip} does not carry
 * them, so a codec that is not there is refused when the sink is configured, not at its first batch.
 */
final class CompressionCodecs {

    /** A codec library: what an operator installs, and the classes kafka-clients needs from it. */
    record Library(String artifact, String bundle, List<String> classes) {
    }

    static final Map<String, Library> LIBRARIES = Map.of(
            "snappy", new Library("org.xerial.snappy:snappy-java", "org.xerial.snappy.snappy-java",
                    List.of("org.xerial.snappy.Snappy")),
            "lz4", new Library("org.lz4:lz4-java", "lz4-java",
                    List.of("net.jpountz.lz4.LZ4Factory", "net.jpountz.xxhash.XXHashFactory",
                            "net.jpountz.util.SafeUtils")),
            "zstd", new Library("com.github.luben:zstd-jni", "com.github.luben.zstd-jni",
                    List.of("com.github.luben.zstd.Zstd")));

    private CompressionCodecs() {
    }

    /**
     * Fails, naming the library to install, if {@code compressionType} needs a codec that {@code kafkaLoader} (the
     * Kafka client's class loader) cannot load. Loads without initializing: no native library is touched here.
     */
    static void requireLoadable(String compressionType, ClassLoader kafkaLoader) {
        Library library = LIBRARIES.get(compressionType);
        if (library == null) {
            return; // none and gzip (the JDK's) need nothing
        }
        for (String name : library.classes()) {
            try {
                Class.forName(name, false, kafkaLoader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("compression.type " + compressionType + " needs the codec library "
                        + library.artifact() + " (bundle " + library.bundle() + "), and the Kafka client cannot load "
                        + name + " from it: install the kafka-bridge feature, which brings snappy, lz4 and zstd, or "
                        + "set compression.type to none or gzip");
            }
        }
    }
}
