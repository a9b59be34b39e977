package io.plantwire.metrics.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import io.plantwire.api.driver.Driver;
import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.Sink;
import io.plantwire.features.FeatureManager;
import io.plantwire.features.TrustStatus;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.CollectionType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: the gateway's metrics in the Prometheus text format, or OpenMetrics when the Accept header
 * asks for {@code application/openmetrics-text}; gzip when the scraper accepts it. Registered in the guarded servlet
 * context {@code plantwire.operations} of io.plantwire.console.access, which checks the console account or the scrape
 * token before this servlet sees the request; while that context is absent the servlet is not served at all.
 * <p>
 * Everything is read from the status services at scrape time. One scrape runs at a time.
 */
@Component(
        service = Servlet.class,
        immediate = true,
        configurationPid = MetricsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {
                "osgi.http.whiteboard.servlet.pattern=" + MetricsEndpoint.PATH,
                "osgi.http.whiteboard.servlet.name=plantwire-metrics",
                "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=plantwire.operations)"
        })
@Designate(ocd = MetricsConfig.class)
public class MetricsEndpoint extends HttpServlet {

    static final String PATH = "/metrics";
    private static final long serialVersionUID = 1L;

    @Reference(service = Driver.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile transient List<Driver> drivers = List.of();

    @Reference(service = Sink.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, collectionType = CollectionType.TUPLE)
    volatile transient List<Map.Entry<Map<String, Object>, Sink>> sinks = List.of();

    @Reference(service = ContextProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            collectionType = CollectionType.TUPLE)
    volatile transient List<Map.Entry<Map<String, Object>, ContextProvider>> contexts = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile transient PipelineMetrics pipeline;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile transient FeatureManager features;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile transient TrustStatus trust;

    private final transient BundleContext context;
    private final transient GatewayMetrics metrics;
    private final transient ExpositionFormats formats;
    private final transient Semaphore scrapeSlot = new Semaphore(1, true);
    private final long scrapeWaitMs;

    @Activate
    public MetricsEndpoint(BundleContext context, MetricsConfig config) {
        check("max.label.values", config.max_label_values(), 1, 100_000);
        check("scrape.wait.ms", config.scrape_wait_ms(), 0, 60_000);
        this.context = context;
        this.metrics = new GatewayMetrics(config.max_label_values(), config.jvm_metrics(), Clock.systemUTC());
        this.formats = ExpositionFormats.init();
        this.scrapeWaitMs = config.scrape_wait_ms();
    }

    private static void check(String attribute, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("Configuration " + MetricsConfig.PID + ": " + attribute + " = " + value
                    + " is out of range, use " + min + ".." + max);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean admitted;
        try {
            admitted = scrapeSlot.tryAcquire(scrapeWaitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            response.setHeader("Retry-After", "1");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "another scrape is running");
            return;
        }
        try {
            ExpositionFormatWriter writer = writerFor(request.getHeader("Accept"));
            boolean gzip = acceptsGzip(request.getHeader("Accept-Encoding"));
            byte[] body = render(writer, metrics.scrape(sources()), gzip);
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(writer.getContentType());
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Vary", "Accept, Accept-Encoding");
            if (gzip) {
                response.setHeader("Content-Encoding", "gzip");
            }
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } finally {
            scrapeSlot.release();
        }
    }

    /** Prometheus text, or OpenMetrics when asked for; never protobuf, which this gateway does not ship. */
    ExpositionFormatWriter writerFor(String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        return writer.isAvailable() ? writer : formats.getPrometheusTextFormatWriter();
    }

    static byte[] render(ExpositionFormatWriter writer, MetricSnapshots snapshots, boolean gzip) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
        if (gzip) {
            try (OutputStream out = new GZIPOutputStream(buffer)) {
                writer.write(out, snapshots);
            }
        } else {
            writer.write(buffer, snapshots);
        }
        return buffer.toByteArray();
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                // "gzip;q=0" refuses gzip
                return !(parts.length > 1 && parts[1].trim().replace(" ", "").matches("q=0(\\.0*)?"));
            }
        }
        return false;
    }

    private GatewayMetrics.Sources sources() {
        return new GatewayMetrics.Sources(drivers, pipeline, sinks, contexts, features, trust, context.getBundles());
    }
}
