package io.plantwire.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire terminal ticker",
        description = "Prints one line per asset to the gateway's standard output at a fixed interval, so a "
                + "gateway started in a terminal shows its data flowing. Off unless configured.")
@interface TerminalConfig {

    String PID = "io.plantwire.console.terminal";

    @AttributeDefinition(name = "Interval (s)", description = "Seconds between two rounds of lines.", min = "1",
            max = "3600")
    int intervalSeconds() default 5;

    @AttributeDefinition(name = "Context keys",
            description = "Context attributes shown after the fields (e.g. batchId, product). Empty shows none.")
    String[] contextKeys() default {"batchId", "product", "workOrder"};
}
