package io.plantwire.context.internal;

import static io.plantwire.context.internal.Records.TANK_1;
import static io.plantwire.context.internal.Records.tank;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.h2.tools.Server;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.test.support.Await;
import io.plantwire.test.support.Configs;

/**
 * Size caps of MES answers (a real HTTP server, a real H2 database over TCP) and the SQL lookup's network timeout
 * against a socket that accepts and never answers.
 */
class ContextLimitsTest {

    @TempDir
    Path dir;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final OsgiDataSourceFactory h2 = new OsgiDataSourceFactory(new org.h2.Driver());

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private RestContext rest(MesServer mes, Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("url", mes.url("/api/units/{asset}/batch"), "values",
                new String[] { "batchId=/batch/id", "product=/batch/product/name" }, "refreshInterval", 1L,
                "ttl", 30L, "timeout", 2000));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        RestContext p = new RestContext(Configs.of(RestContextConfig.class, m), m);
        closing.add(p::deactivate);
        return p;
    }

    private SqlContext sql(String url, Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("url", url, "query",
                "SELECT batch_id, product FROM batches WHERE unit = :asset", "values",
                new String[] { "batchId=batch_id", "product=product" }, "refreshInterval", 1L, "ttl", 30L,
                "timeout", 1));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        SqlContext p = new SqlContext(Configs.of(SqlContextConfig.class, m), m, h2);
        closing.add(p::deactivate);
        return p;
    }

    @Test
    void aRestValueOverMaxValueCharsRefusesTheAnswerNamingLookupAndAsset() throws IOException {
        MesServer mes = new MesServer();
        closing.add(mes);
        mes.batchByAsset.put("tank-1", "B-" + "9".repeat(300));
        RestContext p = rest(mes, "maxValueChars", 256);
        p.enrich(tank(TANK_1));
        Await.until("the answer is refused", () -> p.cache().sourceDown());
        assertThat(p.cache().lastError()).contains("lookup 'mes-rest'").contains("302 characters for 'batchId'")
                .contains("asset " + TANK_1).contains("maxValueChars 256");
        assertThat(p.enrich(tank(TANK_1)).context()).isEmpty();

        mes.batchByAsset.put("tank-1", "B-0417");
        Await.until("a short answer is taken again", () -> !p.cache().sourceDown());
        assertThat(p.enrich(tank(TANK_1)).context().get("batchId").value()).isEqualTo("B-0417");
    }

    @Test
    void aRestAnswerOverMaxResponseBytesIsRefused() throws IOException {
        MesServer mes = new MesServer();
        closing.add(mes);
        mes.batchByAsset.put("tank-1", "B-" + "7".repeat(5000));
        RestContext p = rest(mes, "maxResponseBytes", 2048, "maxValueChars", 65536);
        p.enrich(tank(TANK_1));
        Await.until("the answer is refused", () -> p.cache().sourceDown());
        assertThat(p.cache().lastError()).contains("lookup 'mes-rest' for asset " + TANK_1)
                .contains("more than maxResponseBytes 2048");
    }

    @Test
    void aRestAnswerTrickledByteByByteEndsAtTheTimeoutForTheWholeRequest() throws IOException {
        MesServer mes = new MesServer();
        closing.add(mes);
        mes.mode = MesServer.Mode.TRICKLE;
        RestContext p = rest(mes, "timeout", 1000, "firstLookupWait", 0L);
        p.enrich(tank(TANK_1));
        // Each byte comes well within the 1 s read timeout; only a deadline for the whole request ends the lookup.
        Await.until("the trickled lookup ended and was reported", () -> p.cache().failedRounds() >= 1);
        assertThat(p.cache().lastError()).contains("lookup 'mes-rest' for asset " + TANK_1)
                .contains("did not complete within timeout 1000 ms");
    }

    @Test
    void limitsOutOfRangeOrBelowTheConfiguredValuesNameTheField() throws IOException {
        MesServer mes = new MesServer();
        closing.add(mes);
        assertThatThrownBy(() -> rest(mes, "maxValues", 1)).hasMessageContaining("values: 2 entries, more than "
                + "maxValues 1");
        assertThatThrownBy(() -> rest(mes, "maxValueChars", 0)).hasMessageContaining("maxValueChars '0'");
        assertThatThrownBy(() -> rest(mes, "maxResponseBytes", 10)).hasMessageContaining("maxResponseBytes '10'");
        assertThatThrownBy(() -> sql("jdbc:h2:mem:x", "maxValues", 5000)).hasMessageContaining("maxValues '5000'");
    }

    @Test
    void anSqlAnswerWithTooManyColumnsOrTooLongAValueIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Server db = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(),
                "-ifNotExists").start();
        closing.add(db::stop);
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mes";
        try (Connection c = DriverManager.getConnection(url, "", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE batches (unit VARCHAR(64), batch_id VARCHAR(2000), product VARCHAR(64))");
            st.execute("INSERT INTO batches VALUES ('tank-1', '" + "8".repeat(1000) + "', 'H2SO4 96%')");
        }
        SqlContext longValue = sql(url);
        longValue.enrich(tank(TANK_1));
        Await.until("the answer is refused", () -> longValue.cache().sourceDown());
        assertThat(longValue.cache().lastError()).contains("lookup 'mes-sql' answered 1000 characters for "
                + "'batchId' of asset " + TANK_1 + ", more than maxValueChars 256");

        SqlContext manyColumns = sql(url, "values", new String[0], "maxValues", 2, "maxValueChars", 2000,
                "query", "SELECT unit, batch_id, product FROM batches WHERE unit = :asset",
                "plantwire_stage_name", "mes-wide");
        manyColumns.enrich(tank(TANK_1));
        Await.until("the answer is refused", () -> manyColumns.cache().sourceDown());
        assertThat(manyColumns.cache().lastError()).contains("lookup 'mes-wide' answered 3 values for asset "
                + TANK_1 + ", more than maxValues 2");
    }

    @Test
    void anSqlDatabaseThatAcceptsAndNeverAnswersFailsTheLookupWithinTheTimeout() throws Exception {
        // Accepts connections (the kernel completes the handshake from the backlog) and never reads or writes.
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(silent);
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        closing.add(() -> {
            for (Socket s : new ArrayList<>(accepted)) {
                s.close();
            }
        });

        SqlContext p = sql("jdbc:h2:tcp://127.0.0.1:" + silent.getLocalPort() + "/mes", "firstLookupWait", 0L);
        AssetRecord first = p.enrich(tank(TANK_1));
        assertThat(first.context()).isEmpty();
        // Without a network timeout the first lookup would wait for an answer forever and no round would end.
        Await.until("the lookup ended and was reported", () -> p.cache().failedRounds() >= 2);
        assertThat(p.cache().sourceDown()).isTrue();
        assertThat(p.cache().lastError()).contains("lookup 'mes-sql': the database did not answer within "
                + "timeout 1 s");
        assertThat(p.cache().outagesReported()).isEqualTo(1);
    }
}
