package io.plantwire.health.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.StageProperties;
import io.plantwire.health.GatewayHealth;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.CollectionType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Every sink connected, its backlog and its oldest waiting record within bounds ({@link SinkWatch}). */
@Component(service = HealthCheck.class, immediate = true, property = {
    HealthCheck.NAME + "=" + CheckNames.SINKS,
    HealthCheck.TAGS + "=" + GatewayHealth.TAG,
    HealthCheck.TAGS + "=" + CheckNames.SINKS,
    CheckNames.RESULT_CACHE_TTL
})
public final class SinksDeliveringCheck implements HealthCheck {

    @Reference(service = Sink.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, collectionType = CollectionType.TUPLE)
    volatile List<Map.Entry<Map<String, Object>, Sink>> sinks = List.of();

    private final HealthThresholds thresholds;
    private final SinkWatch watch = new SinkWatch();
    private final Clock clock = Clock.systemUTC();

    @Activate
    public SinksDeliveringCheck(@Reference(name = "thresholds") HealthThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public Result execute() {
        List<SinkWatch.Observed> observed = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, Sink> s : sinks) {
            String name = stageName(s.getKey());
            try {
                observed.add(new SinkWatch.Observed(name, s.getValue().status(), ""));
            } catch (RuntimeException e) {
                observed.add(new SinkWatch.Observed(name, null, e.toString()));
            }
        }
        return Finding.result(watch.judge(observed, thresholds, clock.instant()));
    }

    /** The pipeline's naming rule, so a sink is called the same here, in the stage counters and on the console. */
    static String stageName(Map<String, ?> props) {
        Object name = props.get(StageProperties.STAGE_NAME);
        if (name instanceof String text && !text.isBlank()) {
            return text;
        }
        Object component = props.get("component.name");
        return component instanceof String text ? text : "service-" + props.get("service.id");
    }
}
