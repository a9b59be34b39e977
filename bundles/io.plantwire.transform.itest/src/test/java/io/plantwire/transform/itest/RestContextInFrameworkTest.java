package io.plantwire.transform.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.sun.net.httpserver.HttpServer;

import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.StageProperties;
import io.plantwire.test.support.Await;

/**
 * The REST context bundle in Felix (Jackson and HttpURLConnection as the bundle sees them) against a real HTTP
 * server on loopback that goes down and comes back while readings flow through the pipeline.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class RestContextInFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ReadingIntake intake;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    private final List<Configuration> configurations = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<String> authHeaders = new CopyOnWriteArrayList<>();
    private volatile String batch = "B-2026-0417";
    private HttpServer mes;

    @AfterEach
    void cleanUp() throws Exception {
        for (ServiceRegistration<?> r : registrations) {
            r.unregister();
        }
        for (Configuration c : configurations) {
            c.delete();
        }
        if (mes != null) {
            mes.stop(0);
        }
    }

    private HttpServer startMes(int port) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        s.createContext("/api/units/", ex -> {
            authHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("X-Api-Key")));
            String unit = ex.getRequestURI().getPath().split("/")[3];
            byte[] body = ("{\"unit\":\"" + unit + "\",\"batch\":{\"id\":\"" + batch
                    + "\",\"product\":{\"name\":\"H2SO4 96%\"}}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        s.start();
        return s;
    }

    private static Dictionary<String, Object> dict(Object... props) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < props.length; i += 2) {
            d.put((String) props[i], props[i + 1]);
        }
        return d;
    }

    private void factoryConfig(String factoryPid, String name, Object... props) throws Exception {
        Configuration c = cm.getFactoryConfiguration(factoryPid, name, "?");
        c.update(dict(props));
        configurations.add(c);
    }

    @Test
    void mesContextOverRestGoesStaleDuringAnOutageAndFreshAfterIt() throws Exception {
        mes = startMes(0);
        int port = mes.getAddress().getPort();
        factoryConfig("io.plantwire.mapper.asset", "tank-1", "enterprise", "acme", "site", "rotterdam", "area",
                "tankfarm", "line", "line-1", "cell", "cell-a", "asset", "tank-1", "assetType", "ChemicalTank",
                "fields", new String[] { "power=meter-1/activePower|W" });
        factoryConfig("io.plantwire.context.rest", "mes",
                "url", "http://127.0.0.1:" + port + "/api/units/{asset}/batch",
                "values", new String[] { "batchId=/batch/id", "product=/batch/product/name" },
                "refreshInterval", 1L, "ttl", 60L, "timeout", 1000,
                "authHeaderName", "X-Api-Key", ".authHeaderValue", "k3y-s3cret");
        List<AssetRecord> records = new CopyOnWriteArrayList<>();
        registrations.add(context.registerService(Sink.class, (Sink) records::add,
                dict(StageProperties.STAGE_NAME, "rest-test-sink")));

        AtomicLong seq = new AtomicLong();
        BooleanSupplier submitOne = () -> intake.submit(DeviceReading.builder("meter-1",
                Instant.parse("2026-11-25T10:00:00Z").plusMillis(seq.incrementAndGet()))
                .point("activePower", Value.of(1500.0)).build());

        Await.until("fresh MES context", () -> submitOne.getAsBoolean() && latestBatch(records) != null
                && !latestBatch(records).stale());
        assertThat(latestBatch(records).value()).isEqualTo("B-2026-0417");
        assertThat(records.get(records.size() - 1).context().get("product").value()).isEqualTo("H2SO4 96%");
        assertThat(authHeaders).contains("k3y-s3cret");

        mes.stop(0);
        Await.until("stale while the MES is down", () -> submitOne.getAsBoolean() && latestBatch(records).stale());
        assertThat(latestBatch(records).value()).isEqualTo("B-2026-0417");

        batch = "B-2026-0420";
        mes = startMes(port);
        Await.until("fresh again with the new batch", () -> submitOne.getAsBoolean()
                && "B-2026-0420".equals(latestBatch(records).value()) && !latestBatch(records).stale());
    }

    private static ContextValue latestBatch(List<AssetRecord> records) {
        return records.isEmpty() ? null : records.get(records.size() - 1).context().get("batchId");
    }
}
