package io.plantwire.context.internal;

import static io.plantwire.context.internal.Records.TANK_1;
import static io.plantwire.context.internal.Records.TANK_2;
import static io.plantwire.context.internal.Records.tank;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.test.support.Await;
import io.plantwire.test.support.Configs;

/** Against a real HTTP server on loopback. */
class RestContextTest {

    private static final String TOKEN = "Bearer plant-floor-s3cret";

    private MesServer mes;
    private RestContext provider;

    @BeforeEach
    void startMes() throws IOException {
        mes = new MesServer();
        mes.batchByAsset.put("tank-1", "B-2026-0417");
        mes.batchByAsset.put("tank-2", "B-2026-0418");
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.deactivate();
        }
        mes.close();
    }

    private Map<String, Object> config(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("url", mes.url("/api/units/{asset}/batch"), "values",
                new String[] { "batchId=/batch/id", "product=/batch/product/name", "workOrder=/batch/workOrder",
                        "productInfo=/batch/product" },
                "refreshInterval", 1L, "ttl", 30L, "timeout", 2000, "_authHeaderValue", TOKEN));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    private RestContext start(Map<String, Object> config) {
        provider = new RestContext(Configs.of(RestContextConfig.class, config), config);
        return provider;
    }

    private static String value(AssetRecord r, String key) {
        ContextValue v = r.context().get(key);
        return v == null ? null : v.value();
    }

    @Test
    void looksUpEachAssetWithJsonPointersAndTheAuthHeader() {
        RestContext p = start(config());
        p.enrich(tank(TANK_1));
        p.enrich(tank(TANK_2));
        Await.until("both tanks looked up", () -> value(p.enrich(tank(TANK_2)), "batchId") != null
                && value(p.enrich(tank(TANK_1)), "batchId") != null);

        AssetRecord r1 = p.enrich(tank(TANK_1));
        assertThat(value(r1, "batchId")).isEqualTo("B-2026-0417");
        assertThat(value(r1, "product")).isEqualTo("H2SO4 96%");
        assertThat(value(r1, "workOrder")).isEqualTo("4711");
        assertThat(value(r1, "productInfo")).isEqualTo("{\"name\":\"H2SO4 96%\",\"grade\":\"technical\"}");
        assertThat(r1.context().get("batchId").stale()).isFalse();
        assertThat(value(p.enrich(tank(TANK_2)), "batchId")).isEqualTo("B-2026-0418");
        assertThat(mes.paths).contains("/api/units/tank-1/batch", "/api/units/tank-2/batch");
        assertThat(mes.authHeaders).containsOnly(TOKEN);
    }

    @Test
    void enrichDoesNotWaitForAHangingServer() {
        mes.mode = MesServer.Mode.HANG;
        RestContext p = start(config("timeout", 60_000));
        p.enrich(tank(TANK_1));
        Await.until("the lookup is inside the server", () -> mes.inFlight.get() == 1);
        // the server holds the only lookup; enrich still answers (from an empty cache)
        for (int i = 0; i < 1000; i++) {
            assertThat(p.enrich(tank(TANK_1)).context()).isEmpty();
        }
        assertThat(mes.inFlight.get()).as("the server is still holding the lookup").isEqualTo(1);
        mes.release.countDown();
    }

    @Test
    void slowServerBeyondTimeoutCountsAsOutageAndKeepsLastContextStale() {
        RestContext p = start(config());
        p.enrich(tank(TANK_1));
        Await.until("looked up", () -> value(p.enrich(tank(TANK_1)), "batchId") != null);
        mes.mode = MesServer.Mode.HANG; // longer than the 2 s timeout
        Await.until("outage seen", () -> p.cache().sourceDown());
        AssetRecord r = p.enrich(tank(TANK_1));
        assertThat(value(r, "batchId")).isEqualTo("B-2026-0417");
        assertThat(r.context().get("batchId").stale()).isTrue();
        assertThat(p.cache().lastError()).containsIgnoringCase("timed out");
        mes.release.countDown();
        mes.mode = MesServer.Mode.OK;
        Await.until("recovered", () -> !p.cache().sourceDown());
    }

    @Test
    void serverDownThenBackIsOneOutageAndRecovers() throws IOException {
        RestContext p = start(config());
        p.enrich(tank(TANK_1));
        Await.until("looked up", () -> value(p.enrich(tank(TANK_1)), "batchId") != null);

        mes.down();
        long before = p.cache().failedRounds();
        Await.until("three failed rounds", () -> p.cache().failedRounds() >= before + 3);
        assertThat(p.cache().outagesReported()).isEqualTo(1);
        AssetRecord stale = p.enrich(tank(TANK_1));
        assertThat(value(stale, "batchId")).isEqualTo("B-2026-0417");
        assertThat(stale.context().values()).allMatch(ContextValue::stale);
        assertThat(p.cache().lastError()).contains("tank-1").doesNotContain("s3cret");

        mes.batchByAsset.put("tank-1", "B-2026-0420");
        mes.up();
        Await.until("new batch after recovery", () -> "B-2026-0420".equals(value(p.enrich(tank(TANK_1)), "batchId")));
        assertThat(p.enrich(tank(TANK_1)).context().get("batchId").stale()).isFalse();
        assertThat(p.cache().sourceDown()).isFalse();
        assertThat(p.cache().outagesReported()).isEqualTo(1);
    }

    @Test
    void garbageAnswersKeepTheLastKnownContextStale() {
        RestContext p = start(config());
        p.enrich(tank(TANK_1));
        Await.until("looked up", () -> value(p.enrich(tank(TANK_1)), "batchId") != null);

        mes.mode = MesServer.Mode.GARBAGE;
        Await.until("garbage seen", () -> p.cache().sourceDown());
        assertThat(p.cache().lastError()).contains("not JSON");
        assertThat(p.enrich(tank(TANK_1)).context().get("batchId").stale()).isTrue();

        mes.mode = MesServer.Mode.OK;
        Await.until("recovered", () -> !p.cache().sourceDown());
        mes.mode = MesServer.Mode.MISSING_FIELD;
        Await.until("missing field seen", () -> p.cache().sourceDown());
        assertThat(p.cache().lastError()).contains("without a value at /batch/product/name");
        assertThat(value(p.enrich(tank(TANK_1)), "product")).as("last known, not dropped").isEqualTo("H2SO4 96%");

        mes.mode = MesServer.Mode.ERROR_500;
        long before = p.cache().failedRounds();
        Await.until("HTTP 500 seen", () -> p.cache().failedRounds() > before
                && p.cache().lastError().contains("HTTP 500"));
        assertThat(p.cache().outagesReported()).isEqualTo(2);
    }

    @Test
    void omitPolicyDropsContextWhileTheSourceIsDown() {
        RestContext p = start(config("stalePolicy", StalePolicy.OMIT));
        p.enrich(tank(TANK_1));
        Await.until("looked up", () -> value(p.enrich(tank(TANK_1)), "batchId") != null);
        mes.down();
        Await.until("omitted", () -> p.enrich(tank(TANK_1)).context().isEmpty());
    }

    @Test
    void badConfigurationNamesFieldAndValue() {
        assertThatThrownBy(() -> start(config("url", "ftp://mes/{asset}"))).hasMessageContaining("url 'ftp://mes/{asset}'");
        assertThatThrownBy(() -> start(config("url", "http://mes/{tank}"))).hasMessageContaining("placeholder 'tank'");
        assertThatThrownBy(() -> start(config("values", new String[] { "batchId=batch/id" })))
                .hasMessageContaining("'batch/id' must start with /");
        assertThatThrownBy(() -> start(config("values", new String[0]))).hasMessageContaining("values must hold");
        assertThatThrownBy(() -> start(config("timeout", 0))).hasMessageContaining("timeout '0'");
        assertThatThrownBy(() -> start(config("refreshInterval", 0L))).hasMessageContaining("refreshInterval '0'");
        assertThatThrownBy(() -> start(config("authHeaderName", "X Api Key")))
                .hasMessageContaining("authHeaderName 'X Api Key'").hasMessageNotContaining("s3cret");
        Map<String, Object> raw = config("stalePolicy", "SOMETIMES");
        assertThatThrownBy(() -> new RestContext(Configs.of(RestContextConfig.class,
                config("stalePolicy", Configs.NULL)), raw)).hasMessageContaining("stalePolicy 'SOMETIMES'");
    }

    @Test
    void aTokenInTheUrlNeverReachesTheStatusOrAConfigurationError() {
        mes.mode = MesServer.Mode.ERROR_500;
        RestContext p = start(config("url", mes.url("/api/units/{asset}/batch?access_token=Tok-9f8e7d")
                .replace("http://", "http://svc:Pw-4711@")));
        p.enrich(tank(TANK_1));
        Await.until("HTTP 500 seen", () -> p.cache().lastError().contains("HTTP 500"));
        assertThat(p.cache().lastError()).contains("access_token=***").contains("svc:***@")
                .doesNotContain("Tok-9f8e7d").doesNotContain("Pw-4711");

        assertThatThrownBy(() -> start(config("url", "ftp://svc:Pw-4711@mes/{asset}?api_key=K-1234")))
                .hasMessageContaining("url 'ftp://svc:***@mes/{asset}?api_key=***'")
                .hasMessageNotContaining("Pw-4711").hasMessageNotContaining("K-1234");
    }

    @Test
    void urlTemplateUsesEveryLevel() {
        RestContext p = start(config("url", mes.url("/api/units/{asset}/{enterprise}/{site}/{area}/{line}/{cell}?t={assetType}&p={path}")));
        assertThat(p.url(TANK_1, "Chemical Tank")).endsWith(
                "/api/units/tank-1/acme/rotterdam/tankfarm/line-1/cell-a?t=Chemical%20Tank"
                        + "&p=acme%2Frotterdam%2Ftankfarm%2Fline-1%2Fcell-a%2Ftank-1");
    }
}
