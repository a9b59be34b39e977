package io.plantwire.context.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Plantwire REST context",
        description = "Production context (batch, product, work order) from an MES/ERP REST API returning JSON. "
                + "Looked up in the background and cached; records never wait for it. One factory configuration "
                + "per lookup.")
@interface RestContextConfig {

    @AttributeDefinition(name = "URL", description = "http(s) URL template; placeholders {enterprise} {site} "
            + "{area} {line} {cell} {asset} {assetType} {path}, e.g. http://mes.local/api/units/{asset}/batch")
    String url();

    @AttributeDefinition(name = "Values", description = "contextKey=/json/pointer entries (RFC 6901), e.g. "
            + "batchId=/batch/id, product=/batch/product/name. Every pointer must be present in an answer, "
            + "otherwise the answer counts as garbage.")
    String[] values();

    @AttributeDefinition(name = "Refresh interval (s)", min = "1")
    long refreshInterval() default 30;

    @AttributeDefinition(name = "TTL (s)", min = "1", description = "How long an answer counts as fresh; after "
            + "that (or as soon as the source fails) the stale policy applies.")
    long ttl() default 300;

    @AttributeDefinition(name = "Timeout (ms)", min = "1", description = "The whole request (connect, headers and "
            + "body) must complete within it, however slowly the server trickles its answer.")
    int timeout() default 2000;

    @AttributeDefinition(name = "Most values per answer", min = "1", max = "1000", description = "An answer with "
            + "more values is refused (the lookup fails and the stale policy applies).")
    int maxValues() default 32;

    @AttributeDefinition(name = "Longest value (characters)", min = "1", max = "65536", description = "An answer "
            + "with a longer value is refused whole, never cut.")
    int maxValueChars() default 256;

    @AttributeDefinition(name = "Largest answer (bytes)", min = "1024", max = "16777216", description = "A longer "
            + "HTTP answer is refused after reading this many bytes.")
    int maxResponseBytes() default 1_048_576;

    @AttributeDefinition(name = "Auth header name", description = "e.g. Authorization or X-Api-Key.")
    String authHeaderName() default "Authorization";

    @AttributeDefinition(name = "Auth header value", type = AttributeType.PASSWORD, required = false,
            description = "e.g. Bearer <token>. Never logged. Empty: no header. The leading dot keeps it out of "
                    + "the service properties (DS private property).")
    String _authHeaderValue() default "";

    @AttributeDefinition(name = "First lookup wait (ms)", min = "0", max = "60000", description = "How long the "
            + "first record of an asset waits for that asset's first lookup, so it goes out with context. Only that "
            + "record waits, and at most this long (a failing source answers at once); 0: never wait, the first "
            + "record goes on without this provider's context.")
    long firstLookupWait() default 1000;

    @AttributeDefinition(name = "Stale policy", options = {
            @Option(label = "Keep the last known values, marked stale", value = "KEEP_STALE"),
            @Option(label = "Omit them", value = "OMIT") })
    StalePolicy stalePolicy() default StalePolicy.KEEP_STALE;

    @AttributeDefinition(name = "Stage name")
    String plantwire_stage_name() default "mes-rest";

    @AttributeDefinition(name = "Asset selector", description = "ISA-95 path globs of the assets looked up.")
    String[] plantwire_stage_asset_selector() default { "**" };

    @AttributeDefinition(name = "Ranking")
    int service_ranking() default 0;
}
