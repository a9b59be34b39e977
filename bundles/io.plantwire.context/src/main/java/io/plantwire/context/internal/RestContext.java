package io.plantwire.context.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.ContextStatus;
import io.plantwire.api.stage.PlantwireStage;
import io.plantwire.api.text.Redaction;

/**
 * Context from an MES/ERP REST API ({@value #PID}~name): GET a URL built from the asset's path, pick values out of
 * the JSON answer with JSON Pointers. The requests run on the provider's refresh thread (plain
 * {@link HttpURLConnection}: one socket per request, closed after it, no client threads left behind).
 */
@Component(name = RestContext.PID, service = ContextProvider.class,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = RestContextConfig.class, factory = true)
@PlantwireStage(name = "mes-rest")
public final class RestContext implements ContextProvider {

    public static final String PID = "io.plantwire.context.rest";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)\\}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String urlTemplate;
    private final Map<String, JsonPointer> pointers = new LinkedHashMap<>();
    private final int timeoutMillis;
    private final int maxResponseBytes;
    private final ValueLimits limits;
    private final String authHeaderName;
    private final String authHeaderValue;
    private final ContextCache cache;
    private final RequestDeadline deadline;

    /**
     * @param config the lookup's configuration
     * @param properties the same configuration as raw properties, to name a value the config type could not convert
     */
    @Activate
    public RestContext(RestContextConfig config, Map<String, Object> properties) {
        String url = config.url() == null ? "" : config.url().strip();
        URI probe;
        try {
            probe = URI.create(PLACEHOLDER.matcher(url).replaceAll("x"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url '" + Redaction.redact(url) + "' is not a URL: "
                    + Redaction.redact(e.getMessage()), e);
        }
        if (!("http".equalsIgnoreCase(probe.getScheme()) || "https".equalsIgnoreCase(probe.getScheme()))
                || probe.getHost() == null) {
            throw new IllegalArgumentException("url '" + Redaction.redact(url)
                    + "' must be an http:// or https:// URL with a host");
        }
        Matcher m = PLACEHOLDER.matcher(url);
        while (m.find()) {
            AssetPlaceholders.check("url", m.group(1), url);
        }
        this.urlTemplate = url;
        Map<String, String> values = Pairs.parse("values", config.values());
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values must hold at least one key=/json/pointer entry, got none");
        }
        values.forEach((key, ptr) -> {
            if (!ptr.startsWith("/")) {
                throw new IllegalArgumentException("values entry '" + key + "=" + ptr
                        + "': JSON pointer '" + ptr + "' must start with /");
            }
            try {
                pointers.put(key, JsonPointer.compile(ptr));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("values entry '" + key + "=" + ptr + "': " + e.getMessage(), e);
            }
        });
        if (config.timeout() < 1) {
            throw new IllegalArgumentException("timeout '" + config.timeout() + "' must be at least 1 ms");
        }
        this.timeoutMillis = config.timeout();
        this.limits = ValueLimits.of(config.plantwire_stage_name(), config.maxValues(), config.maxValueChars());
        limits.checkConfigured(pointers.size());
        if (config.maxResponseBytes() < 1024 || config.maxResponseBytes() > 16 << 20) {
            throw new IllegalArgumentException("maxResponseBytes '" + config.maxResponseBytes()
                    + "' must be between 1024 and " + (16 << 20));
        }
        this.maxResponseBytes = config.maxResponseBytes();
        String headerValue = config._authHeaderValue() == null ? "" : config._authHeaderValue();
        String headerName = config.authHeaderName() == null ? "" : config.authHeaderName().strip();
        if (!headerValue.isEmpty() && !headerName.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new IllegalArgumentException("authHeaderName '" + headerName + "' is not an HTTP header name");
        }
        this.authHeaderName = headerName;
        this.authHeaderValue = headerValue;
        if (config.stalePolicy() == null) {
            throw new IllegalArgumentException("stalePolicy '" + properties.get("stalePolicy")
                    + "' must be KEEP_STALE or OMIT");
        }
        StaticContext.checkSelector(config.plantwire_stage_asset_selector());
        Duration refresh = Pairs.seconds("refreshInterval", config.refreshInterval(), 1);
        Duration ttl = Pairs.seconds("ttl", config.ttl(), 1);
        Duration firstLookupWait = Pairs.millis("firstLookupWait", config.firstLookupWait(), 0, 60_000);
        this.deadline = new RequestDeadline(config.plantwire_stage_name());
        this.cache = new ContextCache(config.plantwire_stage_name(), this::fetch, refresh, ttl,
                config.stalePolicy(), headerValue, firstLookupWait);
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
        cache.close(Duration.ofMillis(timeoutMillis * 2L + 1000));
        deadline.close();
    }

    ContextCache cache() {
        return cache;
    }

    String url(Isa95Path path, String assetType) {
        Matcher m = PLACEHOLDER.matcher(urlTemplate);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = AssetPlaceholders.value(m.group(1), path, assetType);
            m.appendReplacement(b, Matcher.quoteReplacement(
                    URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        m.appendTail(b);
        return b.toString();
    }

    private Map<String, String> fetch(Isa95Path path, String assetType) throws IOException {
        String url = url(path, assetType);
        long deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestProperty("Accept", "application/json");
            c.setRequestProperty("Connection", "close"); // one socket per lookup, closed with it
            if (!authHeaderValue.isEmpty()) {
                c.setRequestProperty(authHeaderName, authHeaderValue);
            }
            // timeout bounds the whole request, not each read: a trickled status line or header is cut by closing
            // the connection from the deadline's thread, a trickled body by the deadline check between reads.
            int status;
            RequestDeadline.Armed armed = deadline.arm(timeoutMillis, c::disconnect);
            try {
                status = c.getResponseCode();
            } catch (IOException | RuntimeException e) {
                if (armed.expired()) {
                    throw timedOut(path, url);
                }
                throw e;
            } finally {
                armed.close();
            }
            if (status != 200) {
                throw new IOException("GET " + url + " answered HTTP " + status);
            }
            byte[] body;
            try (InputStream in = c.getInputStream()) {
                body = readBody(in, deadlineNanos, path, url);
            }
            Map<String, String> values = extract(url, body);
            limits.check(path, values);
            return values;
        } finally {
            c.disconnect();
        }
    }

    /** The body, at most maxResponseBytes + 1 bytes, read before the request's deadline. */
    private byte[] readBody(InputStream in, long deadlineNanos, Isa95Path path, String url) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (true) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, maxResponseBytes + 1L - body.size()));
            if (n < 0) {
                return body.toByteArray();
            }
            body.write(chunk, 0, n);
            if (body.size() > maxResponseBytes) {
                throw new ValueLimits.Refused("lookup '" + limits.lookup() + "' for asset " + path + ": GET " + url
                        + " answered more than maxResponseBytes " + maxResponseBytes);
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw timedOut(path, url);
            }
        }
    }

    private SocketTimeoutException timedOut(Isa95Path path, String url) {
        return new SocketTimeoutException("lookup '" + limits.lookup() + "' for asset " + path + ": GET " + url
                + " timed out: did not complete within timeout " + timeoutMillis + " ms");
    }

    Map<String, String> extract(String url, byte[] body) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("GET " + url + " answered something that is not JSON: "
                    + originalMessage(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IOException("GET " + url + " answered an empty body");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonPointer> p : pointers.entrySet()) {
            JsonNode n = root.at(p.getValue());
            if (n.isMissingNode() || n.isNull()) {
                throw new IOException("GET " + url + " answered JSON without a value at " + p.getValue());
            }
            out.put(p.getKey(), n.isValueNode() ? n.asText() : n.toString());
        }
        return out;
    }

    private static String originalMessage(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            return j.getOriginalMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
