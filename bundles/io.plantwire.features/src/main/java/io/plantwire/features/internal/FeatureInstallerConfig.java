package io.plantwire.features.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire features",
        description = "Installs, updates and removes features and bundles at run time from the gateway's local "
                + "repository. Relative paths are resolved against the framework property plantwire.home, or the "
                + "working directory when it is not set.")
@interface FeatureInstallerConfig {

    @AttributeDefinition(name = "Repository", description = "Directory in Maven layout holding the bundles features "
            + "refer to (group/path/artifact/version/artifact-version.jar).")
    String repository() default "repository";

    @AttributeDefinition(name = "Features directory", description = "Directory of feature JSON files that "
            + "plantwire:features lists and plantwire:install finds by name.")
    String featuresDirectory() default "features";

    @AttributeDefinition(name = "Watched folder", required = false, description = "Feature JSON files dropped here "
            + "are installed, changed files are updated and deleted files uninstalled. Empty: no watched folder.")
    String watchFolder() default "";

    @AttributeDefinition(name = "Watch interval (ms)", description = "How often the watched folder is scanned "
            + "(100-600000).", min = "100", max = "600000")
    int watchIntervalMs() default 2000;

    @AttributeDefinition(name = "Feature variables", required = false, description = "name=value entries that "
            + "replace the defaults of the features' variables, e.g. mqtt.broker.url=tcp://10.0.0.5:1883 or "
            + "modbus.port=502. Variables a feature does not declare are ignored.")
    String[] variables() default {};

    @AttributeDefinition(name = "Refresh timeout (s)", description = "How long an operation waits for the framework "
            + "to refresh the affected bundles (1-3600).", min = "1", max = "3600")
    int refreshTimeoutSeconds() default 60;
}
