package io.plantwire.localbrokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The demo's MES database as the gateway reaches it: over TCP, with the demo feature's query. */
class DemoMesTest {

    @Test
    void servesTheTanksBatchesOverTcpAndNoOtherDatabase() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        org.h2.tools.Server mes = LocalBrokers.startMes(port);
        try {
            String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + LocalBrokers.MES_DATABASE;
            List<String> rows = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url, "mes", "");
                    Statement st = c.createStatement();
                    // the query of features/chemical-tanks-demo.json, for each tank
                    ResultSet r = st.executeQuery("SELECT unit, batch_id, product, work_order FROM batches ORDER BY unit")) {
                while (r.next()) {
                    rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + " " + r.getInt(4));
                }
            }
            assertThat(rows).containsExactly("tank-1 B-2026-0417 H2SO4 96% 4711", "tank-2 B-2026-0418 NaOH 50% 4712",
                    "tank-3 B-2026-0419 HCl 33% 4713");

            // a remote client cannot create databases on the demo's server
            assertThatThrownBy(() -> DriverManager.getConnection(
                    "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:something-else", "x", "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("not found");
        } finally {
            mes.stop();
        }
    }
}
