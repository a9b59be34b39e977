package io.plantwire.config.snapshots.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire configuration snapshots",
        description = "Export and import of the site configuration as one OSGi Configurator JSON document, and the "
                + "automatic snapshots in data/snapshots taken before every change. docs/operations.md.")
@interface SnapshotsConfig {

    @AttributeDefinition(name = "Snapshots kept", min = "1", max = "1000",
            description = "How many snapshots data/snapshots keeps; the oldest are deleted first.")
    int maxSnapshots() default 30;

    @AttributeDefinition(name = "Settle time (ms)", min = "100", max = "600000",
            description = "Changes closer together than this are one change: one snapshot of the state before the "
                    + "first of them; the state after is taken as the new baseline once nothing changed for this "
                    + "long.")
    long settleMs() default 2000;

    @AttributeDefinition(name = "Largest document (bytes)", min = "1024", max = "268435456",
            description = "An import document or snapshot larger than this is refused before it is parsed.")
    long maxDocumentBytes() default 4_194_304;

    @AttributeDefinition(name = "Excluded PIDs",
            description = "Configurations that are not part of the site (glob patterns on the PID or factory PID, "
                    + "* as wildcard): never exported, snapshotted or imported. The defaults leave out the "
                    + "framework's own configurations and the gateway-local ones (console credentials, trust "
                    + "policy, installer folders, this component).")
    String[] excludedPids() default {
        "org.apache.felix.*", "org.apache.aries.*", "org.eclipse.*", "org.osgi.*", "osgi.*",
        "io.plantwire.console.access", "io.plantwire.features", "io.plantwire.deploy", "io.plantwire.trust",
        "io.plantwire.config.snapshots", "io.plantwire.config.files"
    };

    @AttributeDefinition(name = "Snapshot folder", required = false,
            description = "Where snapshots are kept. Empty: data/snapshots in the gateway home (framework property "
                    + "plantwire.home), else the bundle's data area. A relative path is resolved against the home.")
    String snapshotFolder() default "";
}
