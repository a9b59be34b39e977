package io.plantwire.runtime.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log settings: defaults, bad values refused by name, quiet loggers, the file rotated within its bounds. */
class GatewayLoggingTest {

    @TempDir
    Path tmp;

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsAreDataLogsTenMebibytesFiveFilesWarningsOnTheTerminal() {
        GatewayLogging.Settings s = GatewayLogging.Settings.read(props(), tmp.resolve("data"));
        assertThat(s.dir()).isEqualTo(tmp.resolve("data/logs"));
        assertThat(s.maxBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(s.count()).isEqualTo(5);
        assertThat(s.fileLevel()).isEqualTo(Level.INFO);
        assertThat(s.consoleLevel()).isEqualTo(Level.WARNING);
        assertThat(s.quiet()).containsExactly("org.apache.kafka");
    }

    @Test
    void slf4jLevelNamesAreAccepted() {
        GatewayLogging.Settings s = GatewayLogging.Settings.read(props(GatewayLogging.CONSOLE_LEVEL, "error",
                GatewayLogging.FILE_LEVEL, "DEBUG"), tmp);
        assertThat(s.consoleLevel()).isEqualTo(Level.SEVERE);
        assertThat(s.fileLevel()).isEqualTo(Level.FINE);
    }

    @Test
    void badValuesAreRefusedNamingThePropertyAndTheValue() {
        assertThatThrownBy(() -> GatewayLogging.Settings.read(props(GatewayLogging.CONSOLE_LEVEL, "loud"), tmp))
                .hasMessageStartingWith("plantwire.log.console.level 'loud' is not a log level");
        assertThatThrownBy(() -> GatewayLogging.Settings.read(props(GatewayLogging.FILE_COUNT, "0"), tmp))
                .hasMessage("plantwire.log.file.count '0' is out of range (1..100)");
        assertThatThrownBy(() -> GatewayLogging.Settings.read(props(GatewayLogging.FILE_MAX_BYTES, "10MB"), tmp))
                .hasMessage("plantwire.log.file.maxBytes '10MB' is not a whole number");
        assertThatThrownBy(() -> GatewayLogging.Settings.read(props(GatewayLogging.FILE_MAX_BYTES, "1000"), tmp))
                .hasMessage("plantwire.log.file.maxBytes '1000' is out of range (65536..1073741824)");
        assertThatThrownBy(() -> GatewayLogging.Settings.read(props(GatewayLogging.FILE_LEVEL, "x\r\nforged"), tmp))
                .hasMessageStartingWith("plantwire.log.level 'x\\u000d\\u000aforged' is not a log level");
    }

    @Test
    void warningsOfQuietLoggersStayOffTheTerminalErrorsDoNot() {
        List<String> quiet = List.of("org.apache.kafka");
        assertThat(GatewayLogging.isQuiet(record("org.apache.kafka.clients.NetworkClient", Level.WARNING), quiet))
                .isTrue();
        assertThat(GatewayLogging.isQuiet(record("org.apache.kafka", Level.INFO), quiet)).isTrue();
        assertThat(GatewayLogging.isQuiet(record("org.apache.kafka.clients.NetworkClient", Level.SEVERE), quiet))
                .isFalse();
        assertThat(GatewayLogging.isQuiet(record("org.apache.kafkaesque", Level.WARNING), quiet)).isFalse();
        assertThat(GatewayLogging.isQuiet(record("io.plantwire.sink.kafka.internal.KafkaForwarder",
                Level.WARNING), quiet)).isFalse();
    }

    @Test
    void theFileIsRotatedAtMaxBytesIntoAtMostCountFiles() throws Exception {
        GatewayLogging.Settings s = GatewayLogging.Settings.read(props(GatewayLogging.FILE_MAX_BYTES, "65536",
                GatewayLogging.FILE_COUNT, "3"), tmp);
        // The handler GatewayLogging.configure installs (configure itself also changes the JVM's root logger).
        FileHandler file = GatewayLogging.fileHandler(s);
        String line = "x".repeat(1000);
        for (int i = 0; i < 400; i++) {
            file.publish(record("io.plantwire.test", Level.INFO, i + " " + line));
        }
        file.close();
        try (var files = Files.list(s.dir())) {
            List<Path> logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
            assertThat(logs).extracting(p -> p.getFileName().toString())
                    .containsExactly("gateway.0.log", "gateway.1.log", "gateway.2.log");
            for (Path p : logs) {
                assertThat(Files.size(p)).isLessThanOrEqualTo(65536 + 2000);
            }
            assertThat(Files.readString(logs.get(0))).contains("399 xxx");
        }
    }

    private static LogRecord record(String logger, Level level) {
        return record(logger, level, "m");
    }

    private static LogRecord record(String logger, Level level, String message) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        return r;
    }
}
