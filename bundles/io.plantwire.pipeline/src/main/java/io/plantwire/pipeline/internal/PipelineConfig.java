package io.plantwire.pipeline.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(
        name = "Plantwire pipeline",
        description = "The routing core: which stages every record must pass, and what happens to readings while a "
                + "required stage is away (for example while its bundle is being updated).")
@interface PipelineConfig {

    String PID = "io.plantwire.pipeline";

    @AttributeDefinition(name = "Required stages",
            description = "Names (plantwire.stage.name) of stages every record must pass. While one of them is "
                    + "absent, readings are held in order and released when it returns. Leave empty to route "
                    + "through whatever stages are present.")
    String[] requiredStages() default {};

    /** Longest absentStagesWarnDelayMs accepted (one hour). */
    long MAX_WARN_DELAY_MS = 3_600_000;

    @AttributeDefinition(name = "Absent stages warning delay (ms)",
            description = "How long required stages may be absent before a warning is logged (until then it is "
                    + "logged at INFO): at start and during a feature install or update they arrive a few seconds "
                    + "after the pipeline. 0 warns at once.", min = "0", max = "3600000")
    long absentStagesWarnDelayMs() default 30_000;

    @AttributeDefinition(name = "Hold capacity",
            description = "How many readings are held while a required stage is absent.", min = "1", max = "10000000")
    int holdCapacity() default 100_000;

    /** Smallest and largest holdMaxBytes accepted. */
    long MIN_HOLD_BYTES = 65_536;
    long MAX_HOLD_BYTES = 1L << 30;

    @AttributeDefinition(name = "Hold size (bytes)",
            description = "Most heap the held readings may take, estimated from above per reading (objects, "
                    + "strings, map entries; see docs/pipeline.md). The buffer is full when either this or the hold "
                    + "capacity is reached. The default fits the gateway's 128 MiB heap.",
            min = "65536", max = "1073741824")
    long holdMaxBytes() default 32L * 1024 * 1024;

    @AttributeDefinition(name = "Overflow policy",
            description = "What happens when the hold buffer is full (by count or by bytes). Both outcomes are "
                    + "counted exactly. A reading estimated larger than the whole byte bound is refused under "
                    + "either policy (counted as rejected).",
            options = {
                    @Option(label = "Drop the oldest held reading", value = "DROP_OLDEST"),
                    @Option(label = "Reject the new reading (the driver is told)", value = "REJECT_NEW")
            })
    String overflowPolicy() default "DROP_OLDEST";
}
