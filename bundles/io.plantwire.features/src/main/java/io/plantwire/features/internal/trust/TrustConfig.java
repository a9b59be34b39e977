package io.plantwire.features.internal.trust;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Plantwire trust policy",
        description = "What the gateway checks before it installs a jar or reads a feature file (docs/security.md): "
                + "a feature file needs a detached signature by a trusted key and pins the SHA-256 of each of its "
                + "bundles; a bundle installed on its own (console, shell, deploy/) must be a jar signed by a trusted "
                + "signer.")
@interface TrustConfig {

    @AttributeDefinition(name = "Mode",
            description = "enforce: refuse what is not signed and trusted (the default). warn: install it anyway, "
                    + "log a warning and show it on the Plantwire Features page. off: check nothing but the pins of "
                    + "features; logged at every start. Without this configuration the framework property "
                    + "plantwire.trust.mode gives the mode.",
            options = {
                    @Option(value = "enforce", label = "enforce"),
                    @Option(value = "warn", label = "warn"),
                    @Option(value = "off", label = "off")
            })
    String trust_mode() default "enforce";

    @AttributeDefinition(name = "Trust store",
            description = "Folder of trusted certificates (*.pem, *.crt, *.cer), relative to the gateway home or "
                    + "absolute. Copy an OEM's certificate here to trust the bundles it signs; it is read again when "
                    + "it changes. Without this configuration the framework property plantwire.trust.store gives it.")
    String trust_store() default "trust";
}
