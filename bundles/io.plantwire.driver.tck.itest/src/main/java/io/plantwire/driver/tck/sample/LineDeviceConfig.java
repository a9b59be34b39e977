package io.plantwire.driver.tck.sample;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "TCK sample line device", description = "A device speaking the kit's sample line protocol "
        + "(READ → '<counter> <setpoint>', WRITE <n> → OK or ERR). Only for the kit's own tests.")
@interface LineDeviceConfig {

    @AttributeDefinition(name = "Device id")
    String deviceId();

    @AttributeDefinition(name = "Host")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port();

    @AttributeDefinition(name = "Timeout (ms)", min = "10")
    int timeoutMs() default 500;

    @AttributeDefinition(name = "Poll interval (ms)", min = "10")
    int pollIntervalMs() default 1000;
}
