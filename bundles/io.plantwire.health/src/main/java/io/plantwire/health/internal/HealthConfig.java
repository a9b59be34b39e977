package io.plantwire.health.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire health checks",
        description = "Thresholds of the checks behind /health (200 when all pass, 503 otherwise) and the console's "
                + "Health section. See docs/operations.md.")
@interface HealthConfig {

    @AttributeDefinition(name = "Missed polls per device",
            description = "A device fails its check when it has had no good poll for this many poll intervals "
                    + "(its driver's pollIntervalMs service property, else the default poll interval below).",
            min = "1")
    int maxMissedPolls() default 3;

    @AttributeDefinition(name = "Default poll interval (ms)",
            description = "Poll interval assumed for devices whose driver does not publish pollIntervalMs.",
            min = "1")
    long defaultPollIntervalMs() default 1000;

    @AttributeDefinition(name = "Sink backlog (records)",
            description = "A sink fails its check when more records than this wait for delivery.", min = "0")
    long maxBacklogRecords() default 100000;

    @AttributeDefinition(name = "Oldest waiting record (s)",
            description = "A sink fails its check when its oldest waiting record was accepted longer ago than this.",
            min = "1")
    long maxOldestRecordAgeSeconds() default 300;

    @AttributeDefinition(name = "Sink disconnected (s)",
            description = "A sink fails its check when it has been disconnected from its destination for longer "
                    + "than this; 0 fails it at once.", min = "0")
    long maxSinkDisconnectedSeconds() default 10;

    @AttributeDefinition(name = "Free disk space (bytes)",
            description = "The store check fails when the data directory's file system has less free space than "
                    + "this.", min = "0")
    long minFreeDiskBytes() default 268435456L;

    @AttributeDefinition(name = "Data directory",
            description = "The directory whose file system the store check watches; empty means <gateway home>/data.")
    String dataDirectory() default "";
}
