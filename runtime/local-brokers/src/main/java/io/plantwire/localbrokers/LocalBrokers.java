package io.plantwire.localbrokers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * Starts what the demo gateway talks to besides its simulated devices: the demo's MES database, an MQTT broker and a
 * single-node Kafka in KRaft mode, all bound to 127.0.0.1, with their data under one directory. The MES is an
 * in-memory H2 database served over TCP (table {@code batches}: the three tanks' batch, product and work order), so
 * the gateway looks it up over the network as it would a site's MES instead of carrying a database engine itself.
 * The MQTT broker is a private Mosquitto (MQTT 5) where the binary is installed, else an embedded Moquette (MQTT
 * 3.1.1 only). For demos and first steps only; a site points the gateway at its own brokers and MES.
 *
 * <p>Usage: {@code LocalBrokers <data-dir> [--stop-with <pid>]}; ports from PLANTWIRE_MES_PORT (9095),
 * PLANTWIRE_MQTT_PORT (1883), PLANTWIRE_KAFKA_PORT (9092) and PLANTWIRE_KAFKA_CONTROLLER_PORT (9093). The MES is
 * started first (the gateway's first lookups come within seconds). Prints one "ready" line when all accept
 * connections. With {@code --stop-with} they stop when that process (the gateway) ends.
 */
public final class LocalBrokers {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "run/data/brokers").toAbsolutePath();
        long stopWith = args.length > 2 && args[1].equals("--stop-with") ? Long.parseLong(args[2]) : -1;
        int mqttPort = port("PLANTWIRE_MQTT_PORT", 1883);
        int kafkaPort = port("PLANTWIRE_KAFKA_PORT", 9092);
        int controllerPort = port("PLANTWIRE_KAFKA_CONTROLLER_PORT", 9093);
        int mesPort = port("PLANTWIRE_MES_PORT", 9095);

        // The MQTT broker first: it is the one the gateway's first UNS message needs, and Mosquitto listens within
        // milliseconds; the MES database and Kafka (seconds of class loading) follow.
        Path mosquitto = mosquittoBinary();
        Process mosquittoProcess = mosquitto == null ? null : startMosquitto(mosquitto, data.resolve("mqtt"), mqttPort);
        Server moquette = mosquitto == null ? startMqtt(data.resolve("mqtt"), mqttPort) : null;
        org.h2.tools.Server mes;
        KafkaRaftServer kafka;
        try {
            mes = startMes(mesPort);
            kafka = startKafka(data.resolve("kafka"), kafkaPort, controllerPort);
        } catch (Exception | Error e) {
            // Mosquitto is a child process: it would outlive this JVM.
            if (mosquittoProcess != null) {
                mosquittoProcess.destroy();
            }
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.shutdown();
            kafka.awaitShutdown();
            if (moquette != null) {
                moquette.stopServer();
            }
            if (mosquittoProcess != null) {
                mosquittoProcess.destroy();
            }
            mes.stop();
            stopped.countDown();
        }, "local-brokers-shutdown"));
        if (stopWith > 0) {
            ProcessHandle.of(stopWith).ifPresentOrElse(
                    gateway -> gateway.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        }
        System.out.println("Local brokers ready: MQTT tcp://127.0.0.1:" + mqttPort
                + (mosquitto != null ? " (Mosquitto, MQTT 5)" : " (Moquette, MQTT 3.1.1)") + ", Kafka 127.0.0.1:" + kafkaPort
                + ", MES jdbc:h2:tcp://127.0.0.1:" + mesPort + "/mem:" + MES_DATABASE + " (data in " + data + ")");
        stopped.await();
    }

    /** The demo MES database's name; the gateway's URL is {@code jdbc:h2:tcp://127.0.0.1:<port>/mem:plantwire-mes}. */
    public static final String MES_DATABASE = "plantwire-mes";

    /**
     * The demo MES: an in-memory H2 database with the three tanks' current batches, served over TCP on loopback
     * only. The database is created here (user {@code mes}, no password; it lives as long as this process), and
     * remote clients may open only that one: no {@code -ifNotExists}.
     */
    public static org.h2.tools.Server startMes(int port) throws SQLException {
        System.setProperty("h2.bindAddress", "127.0.0.1");
        // DB_CLOSE_DELAY=-1: the in-memory database outlives this connection, until the process ends
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + MES_DATABASE + ";DB_CLOSE_DELAY=-1", "mes",
                "");
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS batches(unit VARCHAR(64) PRIMARY KEY, batch_id VARCHAR(32), "
                    + "product VARCHAR(64), work_order INT)");
            st.execute("MERGE INTO batches KEY(unit) VALUES ('tank-1', 'B-2026-0417', 'H2SO4 96%', 4711), "
                    + "('tank-2', 'B-2026-0418', 'NaOH 50%', 4712), ('tank-3', 'B-2026-0419', 'HCl 33%', 4713)");
        }
        return org.h2.tools.Server.createTcpServer("-tcpPort", Integer.toString(port)).start();
    }

    private static int port(String env, int fallback) {
        String v = System.getenv(env);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(env + " '" + v + "' is not a port number");
        }
    }

    /** The Mosquitto binary, unless PLANTWIRE_LOCAL_MQTT=moquette asks for the embedded broker; null if none. */
    public static Path mosquittoBinary() {
        if ("moquette".equalsIgnoreCase(System.getenv("PLANTWIRE_LOCAL_MQTT"))) {
            return null;
        }
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "mosquitto");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** A private Mosquitto on loopback with its own configuration and persistence under {@code dir}. */
    public static Process startMosquitto(Path binary, Path dir, int port) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        String user = System.getProperty("user.name");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\n"
                + "persistence true\n"
                + "persistence_location " + dir + "/\n"
                // Mosquitto started as root switches to user 'mosquitto', which cannot write our directory.
                + "user " + user + "\n"
                + "max_queued_messages 100000\n"
                // Mosquitto's default of 20 is also the Receive Maximum its CONNACK gives MQTT 5 clients: the MQTT
                // sink could keep only 20 QoS 1 messages in flight (docs/decisions/sink-throughput.md).
                + "max_inflight_messages 1000\n"
                // Without it a message sent while the previous one is unacknowledged by TCP waits for that ACK
                // (Nagle): milliseconds on the poll-to-subscriber path. Sites should set it on their broker too.
                + "set_tcp_nodelay true\n");
        Process p = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IOException("mosquitto exited with " + p.exitValue() + "; see " + dir.resolve("mosquitto.log"));
                }
                Thread.sleep(20);
            }
        }
        p.destroy();
        throw new IOException("mosquitto did not listen on 127.0.0.1:" + port + " within 2 s");
    }

    public static Server startMqtt(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "true");
        p.setProperty("data_path", dir.toString() + "/");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("websocket_port", "disabled");
        Server server = new Server();
        server.startServer(new MemoryConfig(p));
        return server;
    }

    public static KafkaRaftServer startKafka(Path dir, int port, int controllerPort) throws IOException {
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logs.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        Path config = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "Plantwire demo Kafka (single node, KRaft)");
        }
        if (!Files.exists(logs.resolve("meta.properties"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString(), "--ignore-formatted"}, new PrintStream(out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("formatting Kafka storage in " + logs + " failed: " + out);
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        return server;
    }

    private LocalBrokers() {
    }
}
