package io.plantwire.pipeline.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;

/** Pipelines made by a test are deactivated after it; stage service properties get increasing service ids. */
abstract class PipelineTestBase {

    private final List<Pipeline> started = new ArrayList<>();
    private long serviceIds = 1;

    @AfterEach
    void stop() {
        started.forEach(Pipeline::deactivate);
    }

    Pipeline pipeline(PipelineConfig config) {
        Pipeline p = new Pipeline(config);
        started.add(p);
        return p;
    }

    /** Service properties of a stage: a fresh service.id plus the given key/value pairs. */
    Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.id", serviceIds++);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
