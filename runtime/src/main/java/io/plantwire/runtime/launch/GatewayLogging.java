package io.plantwire.runtime.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Where the gateway's log goes. Everything logs through java.util.logging (bundles through System.Logger, slf4j
 * users such as Jetty and the Kafka client through the slf4j-jdk14 provider), configured here, before any bundle
 * starts:
 * <ul>
 * <li>the full log (level {@value #FILE_LEVEL}, default INFO) into {@code <home>/data/logs/gateway.0.log}, rotated by
 * the JDK's {@link FileHandler} at {@value #FILE_MAX_BYTES} bytes (default 10 MiB) into at most
 * {@value #FILE_COUNT} files (default 5: gateway.0.log is the newest);</li>
 * <li>the terminal (stderr) only from {@value #CONSOLE_LEVEL} up (default WARNING): what an operator must act on.
 * Loggers under {@value #CONSOLE_QUIET} (default {@code org.apache.kafka}) reach the terminal only with errors:
 * the Kafka client warns about every retry it makes on its own (topic metadata while a topic is auto-created,
 * a broker still starting), and the Kafka sink reports a delivery that does not succeed itself.</li>
 * </ul>
 * Each setting is a system property ({@code -D} on the command line, or a framework property).
 */
final class GatewayLogging {

    static final String DIR = "plantwire.log.dir";
    static final String FILE_LEVEL = "plantwire.log.level";
    static final String FILE_MAX_BYTES = "plantwire.log.file.maxBytes";
    static final String FILE_COUNT = "plantwire.log.file.count";
    static final String CONSOLE_LEVEL = "plantwire.log.console.level";
    static final String CONSOLE_QUIET = "plantwire.log.console.quiet";

    static final String FILE_NAME = "gateway.0.log";
    static final long MIN_FILE_BYTES = 64 * 1024;
    static final long MAX_FILE_BYTES = 1L << 30;
    static final int MAX_FILE_COUNT = 100;

    /** What was configured: the current log file and the console threshold, for the start banner. */
    record Outcome(Path file, Level consoleLevel, boolean keepsShutdownLines) {
    }

    /** The settings, read and checked before anything is changed. */
    record Settings(Path dir, Level fileLevel, long maxBytes, int count, Level consoleLevel, List<String> quiet) {

        /**
         * @throws IllegalArgumentException naming the property and the value at fault
         */
        static Settings read(Properties system, Path data) {
            String dir = system.getProperty(DIR);
            Path folder = dir == null || dir.isBlank() ? data.resolve("logs") : Paths.get(dir.trim());
            long maxBytes = number(system, FILE_MAX_BYTES, 10L * 1024 * 1024, MIN_FILE_BYTES, MAX_FILE_BYTES);
            int count = (int) number(system, FILE_COUNT, 5, 1, MAX_FILE_COUNT);
            List<String> quiet = new ArrayList<>();
            for (String name : system.getProperty(CONSOLE_QUIET, "org.apache.kafka").split(",")) {
                if (!name.isBlank()) {
                    quiet.add(name.trim());
                }
            }
            return new Settings(folder.toAbsolutePath().normalize(), level(system, FILE_LEVEL, "INFO"), maxBytes,
                    count, level(system, CONSOLE_LEVEL, "WARNING"), List.copyOf(quiet));
        }
    }

    private GatewayLogging() {
    }

    /**
     * Replaces the JDK's default console handler on the root logger by the file and the terminal handlers.
     *
     * @throws IOException when the log folder or file cannot be created (named in the message)
     */
    static Outcome configure(Settings settings) throws IOException {
        boolean managed = installLogManager();
        FileHandler file = fileHandler(settings);

        ConsoleHandler terminal = new ConsoleHandler();
        terminal.setFormatter(new SimpleFormatter());
        terminal.setLevel(settings.consoleLevel());
        terminal.setFilter(record -> !isQuiet(record, settings.quiet()));

        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        root.setLevel(settings.fileLevel().intValue() < settings.consoleLevel().intValue()
                ? settings.fileLevel() : settings.consoleLevel());
        root.addHandler(file);
        root.addHandler(terminal);
        return new Outcome(settings.dir().resolve(FILE_NAME), settings.consoleLevel(), managed);
    }

    /**
     * The full log: {@code gateway.%g.log} in the log folder, appended to across restarts, rotated by the JDK at
     * maxBytes into count files (gateway.0.log the newest), flushed after every record.
     */
    static FileHandler fileHandler(Settings settings) throws IOException {
        FileHandler file;
        try {
            Files.createDirectories(settings.dir());
            file = new FileHandler(settings.dir().resolve("gateway.%g.log").toString(), settings.maxBytes(),
                    settings.count(), true);
        } catch (IOException e) {
            throw new IOException("log folder " + settings.dir() + " (" + DIR + "): cannot write " + FILE_NAME + ": "
                    + e.getMessage(), e);
        }
        file.setEncoding(StandardCharsets.UTF_8.name());
        file.setFormatter(new SimpleFormatter());
        file.setLevel(settings.fileLevel());
        return file;
    }

    /**
     * Makes GatewayLogManager the JVM's log manager if logging was not used yet: sets
     * {@code java.util.logging.manager} (unless an operator set another) and creates the manager with this jar's class
     * loader as context class loader, which is where {@link LogManager} looks when the system class loader does not
     * know the class (this jar is on the bnd launcher's class path, not the JVM's).
     *
     * <p>Lives here, not in GatewayLogManager: calling a static method of that class would initialise its superclass
     * LogManager, and so the JDK's default manager, before the property is set.
     *
     * @return whether GatewayLogManager is the JVM's log manager now
     */
    static boolean installLogManager() {
        if (System.getProperty(GatewayLogManager.MANAGER_PROPERTY) == null) {
            System.setProperty(GatewayLogManager.MANAGER_PROPERTY, GatewayLogManager.class.getName());
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(GatewayLogManager.class.getClassLoader());
        try {
            return LogManager.getLogManager() instanceof GatewayLogManager;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A warning (or less) from a logger under one of the quiet prefixes: for the file only. */
    static boolean isQuiet(LogRecord record, List<String> quiet) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            return false;
        }
        String name = record.getLoggerName();
        if (name == null) {
            return false;
        }
        for (String prefix : quiet) {
            if (name.equals(prefix) || name.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    /** A java.util.logging level name, or the slf4j name of one (ERROR, WARN, DEBUG, TRACE). */
    static Level level(Properties system, String property, String fallback) {
        String value = system.getProperty(property, fallback).trim();
        String name = switch (value.toUpperCase(Locale.ROOT)) {
            case "ERROR" -> "SEVERE";
            case "WARN" -> "WARNING";
            case "DEBUG" -> "FINE";
            case "TRACE" -> "FINEST";
            default -> value.toUpperCase(Locale.ROOT);
        };
        try {
            return Level.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " '" + printable(value) + "' is not a log level (ERROR, "
                    + "WARN, INFO, DEBUG, TRACE, or SEVERE, WARNING, FINE, FINER, FINEST, OFF, ALL)");
        }
    }

    static long number(Properties system, String property, long fallback, long min, long max) {
        String value = system.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " '" + printable(value) + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(property + " '" + n + "' is out of range (" + min + ".." + max + ")");
        }
        return n;
    }

    /** io.plantwire.api's SafeText is not on the launcher's class path; a property value is cut and escaped here. */
    private static String printable(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.substring(0, Math.min(value.length(), 80)).toCharArray()) {
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
