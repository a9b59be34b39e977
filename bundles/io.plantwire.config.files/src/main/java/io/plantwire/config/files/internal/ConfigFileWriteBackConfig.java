package io.plantwire.config.files.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = ConfigFileWriteBack.PID,
        name = "Plantwire configuration files",
        description = "Writes changes made through Config Admin (e.g. in the Web Console) to a configuration that "
                + "came from a conf/ file back into that file, atomically and keeping its comments, and deletes the "
                + "file when the configuration is deleted. A file changed after the edit wins.")
@interface ConfigFileWriteBackConfig {

    @AttributeDefinition(name = "Enabled",
            description = "Write console edits back to their conf/ files. When off, an edit lasts until the file "
                    + "is applied again (at the next start or when it changes).")
    boolean enabled() default true;

    @AttributeDefinition(name = "Settle delay (ms)", min = "100", max = "600000",
            description = "How long after a change the file is compared and written. Must be longer than two "
                    + "FileInstall polls (felix.fileinstall.poll), so that a file saved shortly before is applied "
                    + "by FileInstall first and wins.")
    long settleMillis() default ConfigFileWriteBack.DEFAULT_SETTLE_MILLIS;
}
