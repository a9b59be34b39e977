package io.plantwire.health.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.pipeline.PipelineStatus;
import io.plantwire.health.GatewayHealth;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The pipeline runs and no stage its configuration declares required is missing (readings are being held while
 * one is, and nothing reaches the sinks).
 */
@Component(service = HealthCheck.class, immediate = true, property = {
    HealthCheck.NAME + "=" + CheckNames.PIPELINE,
    HealthCheck.TAGS + "=" + GatewayHealth.TAG,
    HealthCheck.TAGS + "=" + CheckNames.PIPELINE,
    CheckNames.RESULT_CACHE_TTL
})
public final class RequiredStagesCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PipelineMetrics pipeline;

    @Override
    public Result execute() {
        return Finding.result(judge(pipeline));
    }

    static List<Finding> judge(PipelineMetrics metrics) {
        List<Finding> findings = new ArrayList<>();
        if (metrics == null) {
            findings.add(Finding.critical("the pipeline is not running"));
            return findings;
        }
        PipelineStatus s;
        try {
            s = metrics.status();
        } catch (RuntimeException e) {
            findings.add(Finding.critical("the pipeline did not report its status: " + Finding.foreign(e.toString())));
            return findings;
        }
        List<String> missing = s.missingRequiredStages() == null ? List.of() : s.missingRequiredStages();
        if (missing.isEmpty()) {
            findings.add(Finding.ok("no required stage missing; " + s.held() + " readings held"));
        } else {
            findings.add(Finding.critical("required stage" + (missing.size() == 1 ? " " : "s ")
                    + missing.stream().map(Finding::foreign).collect(Collectors.joining(", "))
                    + (missing.size() == 1 ? " is" : " are") + " missing; " + s.held() + " readings held (room for "
                    + s.holdCapacity() + ")"));
        }
        return findings;
    }
}
