package io.plantwire.context.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.ContextStatus;
import io.plantwire.api.stage.PlantwireStage;
import io.plantwire.api.text.Redaction;

/**
 * Context from an MES/ERP database ({@value #PID}~name). The JDBC driver comes as an OSGi
 * {@link DataSourceFactory} service (the osgi.jdbc way: no Class.forName, no DynamicImport-Package), selected with
 * the {@code dataSourceFactory.target} filter. One connection, used and reopened by the refresh thread only, and
 * opened when the provider starts (a failure there is left to the first lookup to report).
 */
@Component(name = SqlContext.PID, service = ContextProvider.class, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = SqlContextConfig.class, factory = true)
@PlantwireStage(name = "mes-sql")
public final class SqlContext implements ContextProvider {

    public static final String PID = "io.plantwire.context.sql";

    private final DataSource dataSource;
    private final NamedQuery query;
    private final Map<String, String> columns;
    private final int timeoutSeconds;
    private final ValueLimits limits;
    private final String name;
    private final ContextCache cache;
    /** Touched by the refresh thread only (and by deactivate after that thread stopped). */
    private Connection connection;

    /**
     * @param config the lookup's configuration
     * @param properties the same configuration as raw properties, to name a value the config type could not convert
     * @param factory the JDBC driver selected by {@code dataSourceFactory.target}
     */
    @Activate
    public SqlContext(SqlContextConfig config, Map<String, Object> properties,
            @Reference(name = "dataSourceFactory") DataSourceFactory factory) {
        String url = config.url() == null ? "" : config.url().strip();
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("url '" + Redaction.redact(url)
                    + "' must be a JDBC URL starting with jdbc:");
        }
        this.query = NamedQuery.parse(config.query());
        this.columns = Pairs.parse("values", config.values());
        if (config.timeout() < 1) {
            throw new IllegalArgumentException("timeout '" + config.timeout() + "' must be at least 1 s");
        }
        this.timeoutSeconds = config.timeout();
        this.name = config.plantwire_stage_name();
        this.limits = ValueLimits.of(name, config.maxValues(), config.maxValueChars());
        limits.checkConfigured(columns.size());
        if (config.stalePolicy() == null) {
            throw new IllegalArgumentException("stalePolicy '" + properties.get("stalePolicy")
                    + "' must be KEEP_STALE or OMIT");
        }
        StaticContext.checkSelector(config.plantwire_stage_asset_selector());
        Duration refresh = Pairs.seconds("refreshInterval", config.refreshInterval(), 1);
        Duration ttl = Pairs.seconds("ttl", config.ttl(), 1);
        Duration firstLookupWait = Pairs.millis("firstLookupWait", config.firstLookupWait(), 0, 60_000);
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, url);
        JdbcTimeouts.addDriverSettings(url, timeoutSeconds, p);
        if (config.user() != null && !config.user().isEmpty()) {
            p.setProperty(DataSourceFactory.JDBC_USER, config.user());
        }
        String password = config._password() == null ? "" : config._password();
        if (!password.isEmpty()) {
            p.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
        }
        try {
            this.dataSource = factory.createDataSource(p);
            this.dataSource.setLoginTimeout(timeoutSeconds);
        } catch (SQLException e) {
            throw new IllegalArgumentException("url '" + Redaction.redact(url)
                    + "' is not accepted by the JDBC driver: " + Redaction.redact(e.getMessage(), password));
        }
        this.cache = new ContextCache(config.plantwire_stage_name(), this::fetch, refresh, ttl, config.stalePolicy(),
                password, firstLookupWait);
        cache.prepare(this::openConnection); // connected before the first record asks
    }

    @Override
    public AssetRecord enrich(AssetRecord record) {
        return cache.enrich(record);
    }

    @Override
    public ContextStatus status() {
        return cache.status();
    }

    @Deactivate
    void deactivate() {
        cache.close(Duration.ofSeconds(timeoutSeconds * 2L + 1));
        closeConnection();
    }

    ContextCache cache() {
        return cache;
    }

    private Map<String, String> fetch(Isa95Path path, String assetType) throws SQLException, ValueLimits.Refused {
        try {
            openConnection();
            try (PreparedStatement st = connection.prepareStatement(query.jdbcSql)) {
                st.setQueryTimeout(timeoutSeconds);
                st.setMaxRows(1);
                for (int i = 0; i < query.parameters.size(); i++) {
                    st.setString(i + 1, AssetPlaceholders.value(query.parameters.get(i), path, assetType));
                }
                try (ResultSet rs = st.executeQuery()) {
                    Map<String, String> out = new LinkedHashMap<>();
                    if (!rs.next()) {
                        return out; // no context for this asset right now (e.g. no batch running)
                    }
                    if (columns.isEmpty()) {
                        ResultSetMetaData md = rs.getMetaData();
                        limits.checkCount(path, md.getColumnCount());
                        for (int c = 1; c <= md.getColumnCount(); c++) {
                            put(out, md.getColumnLabel(c), rs.getString(c));
                        }
                    } else {
                        for (Map.Entry<String, String> e : columns.entrySet()) {
                            put(out, e.getKey(), rs.getString(e.getValue()));
                        }
                    }
                    limits.check(path, out);
                    return out;
                }
            }
        } catch (SQLException e) {
            closeConnection(); // reopen on the next round: the database may have restarted
            throw JdbcTimeouts.explain(e, name, timeoutSeconds);
        }
    }

    /**
     * Opens the connection unless it is open; it is kept only once its timeouts and read-only flag are set. On the
     * refresh thread only.
     */
    private void openConnection() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return;
        }
        Connection c = dataSource.getConnection();
        try {
            JdbcTimeouts.apply(c, timeoutSeconds);
            c.setReadOnly(true);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        connection = c;
    }

    private static void put(Map<String, String> out, String key, String value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is gone either way
            }
        }
    }
}
