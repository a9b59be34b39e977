package io.plantwire.context.internal;

import static io.plantwire.context.internal.Records.TANK_1;
import static io.plantwire.context.internal.Records.TANK_2;
import static io.plantwire.context.internal.Records.tank;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import org.h2.tools.Server;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.test.support.Await;
import io.plantwire.test.support.Configs;

/**
 * Against a real SQL database: H2 in TCP server mode on loopback, so the database can go away and come back.
 * The driver is reached the OSGi way, through H2's DataSourceFactory.
 */
class SqlContextTest {

    private static final String PASSWORD = "mes-s3cret";

    @TempDir
    Path dir;
    private Server server;
    private int port;
    private SqlContext provider;
    private final OsgiDataSourceFactory h2 = new OsgiDataSourceFactory(new org.h2.Driver());

    @BeforeEach
    void startDatabase() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        startServer();
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "mes", PASSWORD); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE batches (unit VARCHAR(64), batch_id VARCHAR(32), product VARCHAR(64), "
                    + "work_order INT, operator VARCHAR(32), active BOOLEAN)");
            st.execute("INSERT INTO batches VALUES ('tank-1', 'B-0417', 'H2SO4 96%', 4711, NULL, TRUE), "
                    + "('tank-2', 'B-0418', 'NaOH 50%', 4712, 'jdv', TRUE), "
                    + "('tank-1', 'B-0400', 'old', 4000, NULL, FALSE)");
        }
    }

    private void startServer() throws SQLException {
        server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(), "-ifNotExists")
                .start();
    }

    private String jdbcUrl() {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/mes";
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.deactivate();
        }
        server.stop();
    }

    private Map<String, Object> config(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("url", jdbcUrl(), "user", "mes", "_password", PASSWORD, "query",
                "SELECT batch_id, product, work_order, operator FROM batches WHERE unit = :asset AND active",
                "values", new String[] { "batchId=batch_id", "product=product", "workOrder=work_order",
                        "operator=operator" },
                "refreshInterval", 1L, "ttl", 30L, "timeout", 5));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    private SqlContext start(Map<String, Object> config) {
        provider = new SqlContext(Configs.of(SqlContextConfig.class, config), config, h2);
        return provider;
    }

    private static String value(AssetRecord r, String key) {
        ContextValue v = r.context().get(key);
        return v == null ? null : v.value();
    }

    @Test
    void looksUpEachAssetWithNamedParameters() {
        SqlContext p = start(config());
        p.enrich(tank(TANK_1));
        p.enrich(tank(TANK_2));
        Await.until("both looked up", () -> value(p.enrich(tank(TANK_1)), "batchId") != null
                && value(p.enrich(tank(TANK_2)), "batchId") != null);
        AssetRecord r1 = p.enrich(tank(TANK_1));
        assertThat(value(r1, "batchId")).isEqualTo("B-0417");
        assertThat(value(r1, "product")).isEqualTo("H2SO4 96%");
        assertThat(value(r1, "workOrder")).isEqualTo("4711");
        assertThat(r1.context()).as("NULL column left out").doesNotContainKey("operator");
        assertThat(value(p.enrich(tank(TANK_2)), "operator")).isEqualTo("jdv");
    }

    @Test
    void theFirstRecordOfEachAssetCarriesItsContextWithTheDefaultFirstLookupWait() {
        SqlContext p = start(config());
        assertThat(value(p.enrich(tank(TANK_1)), "batchId")).isEqualTo("B-0417");
        assertThat(value(p.enrich(tank(TANK_2)), "operator")).isEqualTo("jdv");
    }

    @Test
    void aFirstLookupWaitOutOfRangeIsRefusedByName() {
        assertThatThrownBy(() -> start(config("firstLookupWait", -1L)))
                .hasMessageContaining("firstLookupWait '-1' must be between 0 and 60000");
    }

    @Test
    void allColumnsUnderTheirLabelsWhenNoValuesAreGiven() {
        SqlContext p = start(config("values", new String[0], "query",
                "SELECT batch_id AS \"batchId\", :cell AS \"cell\" FROM batches WHERE unit = :asset AND active"));
        p.enrich(tank(TANK_1));
        Await.until("looked up", () -> value(p.enrich(tank(TANK_1)), "batchId") != null);
        assertThat(p.enrich(tank(TANK_1)).context()).containsOnlyKeys("batchId", "cell");
        assertThat(value(p.enrich(tank(TANK_1)), "cell")).isEqualTo("cell-a");
    }

    @Test
    void theConnectionIsOpenBeforeTheFirstRecordAsks() throws Exception {
        start(config());
        // no record yet: the provider's own session is the second one on the database
        Await.until("the provider's session", () -> sessions() == 2);
    }

    @Test
    void aDatabaseDownAtTheStartIsReportedByTheFirstLookupOnceAndLookupsWorkWhenItIsBack() throws Exception {
        server.stop();
        SqlContext p = start(config());
        assertThat(p.cache().outagesReported()).as("nothing reported before a record asks").isZero();
        p.enrich(tank(TANK_1));
        Await.until("the first lookup's failure", () -> p.cache().sourceDown());
        assertThat(p.cache().outagesReported()).isEqualTo(1);

        startServer();
        Await.until("context once the database is back", () -> "B-0417".equals(value(p.enrich(tank(TANK_1)), "batchId")));
        assertThat(p.cache().outagesReported()).isEqualTo(1);
    }

    /** Sessions open on the database, this query's own included. */
    private long sessions() {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "mes", PASSWORD); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("counting the database's sessions failed", e);
        }
    }

    @Test
    void databaseDownThenBackRecoversWithOneOutage() throws Exception {
        SqlContext p = start(config());
        p.enrich(tank(TANK_1));
        Await.until("looked up", () -> value(p.enrich(tank(TANK_1)), "batchId") != null);

        server.stop();
        long before = p.cache().failedRounds();
        Await.until("three failed rounds", () -> p.cache().failedRounds() >= before + 3);
        assertThat(p.cache().outagesReported()).isEqualTo(1);
        AssetRecord stale = p.enrich(tank(TANK_1));
        assertThat(value(stale, "batchId")).isEqualTo("B-0417");
        assertThat(stale.context().get("batchId").stale()).isTrue();
        assertThat(p.cache().lastError()).doesNotContain(PASSWORD);

        startServer();
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "mes", PASSWORD); Statement st = c.createStatement()) {
            st.execute("UPDATE batches SET batch_id = 'B-0421' WHERE unit = 'tank-1' AND active");
        }
        Await.until("new batch", () -> "B-0421".equals(value(p.enrich(tank(TANK_1)), "batchId")));
        assertThat(p.enrich(tank(TANK_1)).context().get("batchId").stale()).isFalse();
        assertThat(p.cache().outagesReported()).isEqualTo(1);
    }

    @Test
    void wrongPasswordIsAnOutageWhoseLogNeverShowsThePassword() {
        SqlContext p = start(config("_password", "wrong-" + PASSWORD));
        p.enrich(tank(TANK_1));
        Await.until("failure seen", () -> p.cache().sourceDown());
        assertThat(p.cache().lastError()).isNotEmpty().doesNotContain(PASSWORD);
        assertThat(p.enrich(tank(TANK_1)).context()).isEmpty();
    }

    @Test
    void noRowMeansNoContext() {
        SqlContext p = start(config());
        AssetRecord other = tank(io.plantwire.api.model.Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-c/tank-9"));
        p.enrich(other);
        Await.until("looked up", () -> p.cache().goodRounds() > 0);
        assertThat(p.enrich(other).context()).isEmpty();
        assertThat(p.cache().sourceDown()).isFalse();
    }

    @Test
    void badConfigurationNamesFieldAndValue() {
        assertThatThrownBy(() -> start(config("url", "postgres://db/mes"))).hasMessageContaining("url 'postgres://db/mes'");
        assertThatThrownBy(() -> start(config("query", "SELECT * FROM batches WHERE unit = :tank")))
                .hasMessageContaining("placeholder 'tank'");
        assertThatThrownBy(() -> start(config("query", "SELECT 'x FROM batches"))).hasMessageContaining("unclosed quote");
        assertThatThrownBy(() -> start(config("query", " "))).hasMessageContaining("query must not be blank");
        assertThatThrownBy(() -> start(config("ttl", 0L))).hasMessageContaining("ttl '0'");
        assertThatThrownBy(() -> start(config("values", new String[] { "=batch_id" })))
                .hasMessageContaining("values entry '=batch_id'");
        Map<String, Object> raw = config("stalePolicy", "SOMETIMES");
        assertThatThrownBy(() -> new SqlContext(Configs.of(SqlContextConfig.class,
                config("stalePolicy", Configs.NULL)), raw, h2)).hasMessageContaining("stalePolicy 'SOMETIMES'");
    }

    @Test
    void aPasswordInTheJdbcUrlNeverReachesAnErrorOrTheStatus() {
        assertThatThrownBy(() -> start(config("url", "postgresql://mes:5432/mes?user=gw&password=Url-S3cret")))
                .hasMessageContaining("url 'postgresql://mes:5432/mes?user=gw&password=***'")
                .hasMessageNotContaining("Url-S3cret");

        // A database that is not there: the driver's failure, with the URL's password, becomes the status.
        SqlContext p = start(config("url", "jdbc:h2:tcp://127.0.0.1:1/mes;PASSWORD=Url-S3cret", "_password", ""));
        p.enrich(tank(TANK_1));
        Await.until("an outage", () -> p.cache().sourceDown());
        assertThat(p.cache().lastError()).isNotEmpty().doesNotContain("Url-S3cret");
    }

    @Test
    void postgresCastsAndQuotedColonsAreNotParameters() {
        NamedQuery q = NamedQuery.parse("SELECT id::text, 'a:b' FROM t WHERE u = :asset AND c = :cell");
        assertThat(q.jdbcSql).isEqualTo("SELECT id::text, 'a:b' FROM t WHERE u = ? AND c = ?");
        assertThat(q.parameters).containsExactly("asset", "cell");
    }
}
