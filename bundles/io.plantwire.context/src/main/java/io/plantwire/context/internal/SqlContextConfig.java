package io.plantwire.context.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Plantwire SQL context",
        description = "Production context from an MES/ERP database over JDBC. The JDBC driver is found as an OSGi "
                + "DataSourceFactory service (PostgreSQL and H2 register one). Looked up in the background and "
                + "cached; records never wait for it. One factory configuration per lookup.")
@interface SqlContextConfig {

    @AttributeDefinition(name = "JDBC URL", description = "e.g. jdbc:postgresql://mes-db:5432/mes")
    String url();

    @AttributeDefinition(name = "User", required = false)
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Never logged. The leading dot keeps it out of the service properties (DS private "
                    + "property).")
    String _password() default "";

    @AttributeDefinition(name = "Query", description = "One row of context per asset; named parameters :enterprise "
            + ":site :area :line :cell :asset :assetType :path, e.g. SELECT batch_id, product FROM batches "
            + "WHERE unit = :asset AND active")
    String query();

    @AttributeDefinition(name = "Values", required = false, description = "contextKey=COLUMN entries; empty: "
            + "every column under its label. A NULL column leaves its key out.")
    String[] values() default {};

    @AttributeDefinition(name = "Refresh interval (s)", min = "1")
    long refreshInterval() default 30;

    @AttributeDefinition(name = "TTL (s)", min = "1", description = "How long an answer counts as fresh; after "
            + "that (or as soon as the source fails) the stale policy applies.")
    long ttl() default 300;

    @AttributeDefinition(name = "Timeout (s)", min = "1", description = "Login, network and query timeout: a "
            + "database that does not answer within it fails the lookup (for H2 over TCP also its NETWORK_TIMEOUT).")
    int timeout() default 5;

    @AttributeDefinition(name = "Most values per answer", min = "1", max = "1000", description = "An answer with "
            + "more values is refused (the lookup fails and the stale policy applies).")
    int maxValues() default 32;

    @AttributeDefinition(name = "Longest value (characters)", min = "1", max = "65536", description = "An answer "
            + "with a longer value is refused whole, never cut.")
    int maxValueChars() default 256;

    @AttributeDefinition(name = "First lookup wait (ms)", min = "0", max = "60000", description = "How long the "
            + "first record of an asset waits for that asset's first lookup, so it goes out with context. Only that "
            + "record waits, and at most this long (a failing source answers at once); 0: never wait, the first "
            + "record goes on without this provider's context.")
    long firstLookupWait() default 1000;

    @AttributeDefinition(name = "Stale policy", options = {
            @Option(label = "Keep the last known values, marked stale", value = "KEEP_STALE"),
            @Option(label = "Omit them", value = "OMIT") })
    StalePolicy stalePolicy() default StalePolicy.KEEP_STALE;

    @AttributeDefinition(name = "JDBC driver filter", description = "Which DataSourceFactory service to use, e.g. "
            + "(osgi.jdbc.driver.class=org.postgresql.Driver) or (osgi.jdbc.driver.class=org.h2.Driver).")
    String dataSourceFactory_target() default "(osgi.jdbc.driver.class=org.postgresql.Driver)";

    @AttributeDefinition(name = "Stage name")
    String plantwire_stage_name() default "mes-sql";

    @AttributeDefinition(name = "Asset selector", description = "ISA-95 path globs of the assets looked up.")
    String[] plantwire_stage_asset_selector() default { "**" };

    @AttributeDefinition(name = "Ranking")
    int service_ranking() default 0;
}
