package io.plantwire.features.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire deploy folder",
        description = "A folder for bundle jars: a jar dropped in is installed, a changed one updated, a removed one "
                + "uninstalled, each through the feature installer and the trust policy (a jar must be signed by a "
                + "trusted signer; docs/security.md). A refused jar stays where it is and is tried again when it "
                + "changes.")
@interface DeployFolderConfig {

    @AttributeDefinition(name = "Folder",
            description = "The folder, relative to the gateway home or absolute; empty: none is watched. The "
                    + "framework property plantwire.deploy.folder gives the gateway-wide default (the runtime sets it "
                    + "to <home>/deploy).")
    String folder() default "";

    @AttributeDefinition(name = "Poll interval (ms)",
            description = "How often the folder is looked at; a jar is acted on once it is unchanged between two "
                    + "looks, so a copy still being written is not installed half. 100-600000.",
            min = "100", max = "600000")
    int pollIntervalMs() default 1000;
}
