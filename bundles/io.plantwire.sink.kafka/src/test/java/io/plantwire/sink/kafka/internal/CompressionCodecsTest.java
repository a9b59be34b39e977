package io.plantwire.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A compression.type whose codec the Kafka client cannot load is refused at configuration, naming what to install. */
class CompressionCodecsTest {

    /** Sees the JDK only: a gateway without the codec bundles. */
    private static final ClassLoader JDK_ONLY = new ClassLoader(null) {
    };

    @ParameterizedTest
    @ValueSource(strings = { "none", "gzip", "snappy", "lz4", "zstd" })
    void everyCodecLoadsWhereTheKafkaClientSeesItsLibrary(String type) {
        assertThatCode(() -> CompressionCodecs.requireLoadable(type, KafkaProducer.class.getClassLoader()))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = { "none", "gzip" })
    void noneAndGzipNeedNoLibrary(String type) {
        assertThatCode(() -> CompressionCodecs.requireLoadable(type, JDK_ONLY)).doesNotThrowAnyException();
    }

    @Test
    void aMissingCodecNamesTheTypeTheLibraryAndTheWayOut() {
        assertThatThrownBy(() -> CompressionCodecs.requireLoadable("zstd", JDK_ONLY))
                .isInstanceOf(IllegalArgumentException.class).message()
                .contains("compression.type zstd", "com.github.luben:zstd-jni", "com.github.luben.zstd.Zstd",
                        "kafka-bridge feature", "none or gzip");
        assertThatThrownBy(() -> CompressionCodecs.requireLoadable("snappy", JDK_ONLY)).message()
                .contains("org.xerial.snappy:snappy-java", "bundle org.xerial.snappy.snappy-java");
        assertThatThrownBy(() -> CompressionCodecs.requireLoadable("lz4", JDK_ONLY)).message()
                .contains("org.lz4:lz4-java", "net.jpountz.lz4.LZ4Factory");
    }

    @Test
    void lz4NeedsItsHashPackageToo() {
        // lz4-java's packages: a loader that has the compressor but not the checksum is still refused
        ClassLoader lz4WithoutXxhash = new ClassLoader(KafkaProducer.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("net.jpountz.xxhash.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        assertThatThrownBy(() -> CompressionCodecs.requireLoadable("lz4", lz4WithoutXxhash)).message()
                .contains("net.jpountz.xxhash.XXHashFactory");
    }
}
