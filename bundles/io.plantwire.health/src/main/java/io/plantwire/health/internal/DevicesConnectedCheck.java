package io.plantwire.health.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
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

/** Every configured device had a good poll within the last N poll intervals ({@link DeviceWatch}). */
@Component(service = HealthCheck.class, immediate = true, property = {
    HealthCheck.NAME + "=" + CheckNames.DEVICES,
    HealthCheck.TAGS + "=" + GatewayHealth.TAG,
    HealthCheck.TAGS + "=" + CheckNames.DEVICES,
    CheckNames.RESULT_CACHE_TTL
})
public final class DevicesConnectedCheck implements HealthCheck {

    /** The driver service property a driver may publish with its poll interval (the Modbus driver's attribute). */
    static final String POLL_INTERVAL_PROPERTY = "pollIntervalMs";

    @Reference(service = Driver.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, collectionType = CollectionType.TUPLE)
    volatile List<Map.Entry<Map<String, Object>, Driver>> drivers = List.of();

    private final HealthThresholds thresholds;
    private final DeviceWatch watch = new DeviceWatch();
    private final Clock clock = Clock.systemUTC();

    @Activate
    public DevicesConnectedCheck(@Reference(name = "thresholds") HealthThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public Result execute() {
        List<DeviceWatch.Observed> devices = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, Driver> d : drivers) {
            Duration interval = pollInterval(d.getKey().get(POLL_INTERVAL_PROPERTY), thresholds.defaultPollInterval());
            try {
                List<DeviceStatus> status = d.getValue().deviceStatus();
                if (status != null) {
                    status.stream().filter(s -> s != null).forEach(s -> devices.add(new DeviceWatch.Observed(s, interval)));
                }
            } catch (RuntimeException e) {
                findings.add(Finding.critical("driver " + Finding.foreign(String.valueOf(d.getKey().get("component.name")))
                        + " did not report its devices: " + Finding.foreign(e.toString())));
            }
        }
        findings.addAll(watch.judge(devices, thresholds.maxMissedPolls(), clock.instant()));
        return Finding.result(findings);
    }

    /** The driver's published interval when it is a positive number, else the default. */
    static Duration pollInterval(Object property, Duration fallback) {
        long ms;
        if (property instanceof Number n) {
            ms = n.longValue();
        } else if (property instanceof String text) {
            try {
                ms = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        } else {
            return fallback;
        }
        return ms > 0 ? Duration.ofMillis(ms) : fallback;
    }
}
