package io.plantwire.driver.support.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.plantwire.driver.support.DeviceThreadPool;

@ObjectClassDefinition(name = "Plantwire driver scheduler",
        description = "The thread pool each driver bundle's devices share for polling (one pool per driver bundle). "
                + "See docs/decisions/driver-scheduling.md.")
@interface DeviceSchedulerConfig {

    @AttributeDefinition(name = "Threads per driver bundle",
            description = "Polls of one bundle's devices that can run at once (1-" + DeviceThreadPool.MAX_THREADS + "). "
                    + "A device waiting for a timeout holds one; raise it if many devices time out at once.",
            min = "1", max = "" + DeviceThreadPool.MAX_THREADS)
    int threadsPerDriverBundle() default DeviceThreadPool.DEFAULT_THREADS;
}
