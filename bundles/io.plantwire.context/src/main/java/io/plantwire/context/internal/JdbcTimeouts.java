package io.plantwire.context.internal;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * Applies the SQL lookup's timeout everywhere JDBC lets it: the data source's login timeout, the connection's
 * network timeout ({@link Connection#setNetworkTimeout}), the statement's query timeout (set per statement by the
 * caller), and, for H2 over TCP, whose driver ignores the standard network timeout, its own {@code NETWORK_TIMEOUT}
 * setting (the socket's read timeout). Without them a database that accepts the connection and never answers would
 * hold the lookup thread for good.
 */
final class JdbcTimeouts {

    /** Runs the driver's abort work on the thread that detects the timeout: nothing to hand over, no thread kept. */
    private static final Executor DIRECT = Runnable::run;

    private JdbcTimeouts() {
    }

    /** Adds driver settings that carry the timeout to the data source properties (H2 over TCP/SSL only). */
    static void addDriverSettings(String url, int timeoutSeconds, Properties p) {
        String upper = url.toUpperCase(Locale.ROOT);
        if ((upper.startsWith("JDBC:H2:TCP:") || upper.startsWith("JDBC:H2:SSL:"))
                && !upper.contains("NETWORK_TIMEOUT")) {
            p.setProperty("NETWORK_TIMEOUT", Integer.toString(timeoutSeconds * 1000));
        }
    }

    /** Sets the network timeout of a new connection where the driver supports it; others are left as they are. */
    static void apply(Connection c, int timeoutSeconds) throws SQLException {
        try {
            c.setNetworkTimeout(DIRECT, timeoutSeconds * 1000);
        } catch (java.sql.SQLFeatureNotSupportedException | AbstractMethodError e) {
            // a driver without it: the login and query timeouts still apply
        }
    }

    /** A failure caused by the timeout says so, with the timeout; others are returned as they are. */
    static SQLException explain(SQLException e, String lookup, int timeoutSeconds) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
                return new SQLTimeoutException("lookup '" + lookup + "': the database did not answer within "
                        + "timeout " + timeoutSeconds + " s (" + e.getMessage() + ")", e);
            }
        }
        return e;
    }
}
