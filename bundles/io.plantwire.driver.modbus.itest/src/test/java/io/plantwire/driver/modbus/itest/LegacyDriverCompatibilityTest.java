package io.plantwire.driver.modbus.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.driver.RoundTripHistogram;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.StageProperties;

/**
 * A driver written against API 1.1 runs with API 1.2: it implements write itself, builds its status with the
 * 12-argument constructor and puts a placeholder 0 next to BAD. {@link Legacy11Driver} uses only 1.1 signatures, and
 * this bundle imports io.plantwire.api.driver [1.1,2) and io.plantwire.api.model [1.0,2) (bnd.bnd), as a bundle
 * built against the 1.1 jar does; docs/driver-support.md tells how its bytecode was compared with a build against
 * main's 1.1 jar.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class LegacyDriverCompatibilityTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ReadingIntake intake;

    /** Written as for API 1.1: every method implemented, positional status, placeholder value on BAD. */
    static final class Legacy11Driver implements Driver {
        @Override
        public String driverType() {
            return "legacy";
        }

        @Override
        public List<DeviceStatus> deviceStatus() {
            return List.of(new DeviceStatus("legacy-1", "legacy", "line://legacy", ConnectionState.CONNECTED,
                    Instant.EPOCH, "", null, 7, 1, 300, 250, 900));
        }

        @Override
        public CompletionStage<WriteResult> write(WriteRequest request) {
            return CompletableFuture.completedFuture(new WriteResult(request, false, null));
        }

        DeviceReading reading() {
            return DeviceReading.builder("legacy-1", Instant.now())
                    .point("good", Value.of(21.5))
                    .point("broken", new PointSample(Value.of(0L), Quality.bad(Quality.Reason.TIMEOUT, "no answer"),
                            Instant.now(), "Cel"))
                    .build();
        }
    }

    @Test
    void aDriverBuiltFor11RunsOnTheNewApi() throws Exception {
        List<DeviceReading> seen = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> mp = new Hashtable<>();
        mp.put(StageProperties.STAGE_NAME, "legacy-observer");
        ServiceRegistration<Mapper> observer = context.registerService(Mapper.class, (reading, out) -> {
            if (reading.deviceId().equals("legacy-1")) {
                seen.add(reading);
            }
        }, mp);
        Legacy11Driver legacy = new Legacy11Driver();
        Dictionary<String, Object> dp = new Hashtable<>();
        dp.put("deviceId", "legacy-1");
        ServiceRegistration<Driver> reg = context.registerService(Driver.class, legacy, dp);
        try {
            Driver d = context.getService(context.getServiceReferences(Driver.class, "(" + Driver.DEVICE_ID + "=legacy-1)")
                    .iterator().next());
            DeviceStatus s = d.deviceStatus().get(0);
            assertThat(s.requests()).isEqualTo(7);
            assertThat(s.maxRoundTripMicros()).isEqualTo(900);
            assertThat(s.roundTrips()).isEqualTo(RoundTripHistogram.EMPTY);
            assertThat(s.errorsByReason()).isEmpty();
            assertThat(d.write(new WriteRequest("legacy-1", "good", Value.of(1L), false)).toCompletableFuture().get())
                    .extracting(WriteResult::confirmed).isEqualTo(false);

            assertThat(intake.submit(legacy.reading())).isTrue();
            Awaitility.await("the legacy reading reaches the mappers").atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty());
            PointSample broken = seen.get(0).point("broken");
            assertThat(broken.quality().reason()).isEqualTo(Quality.Reason.TIMEOUT);
            assertThat(broken.hasValue()).as("the placeholder 0 is dropped").isFalse();
            assertThat(seen.get(0).point("good").value()).isEqualTo(Value.of(21.5));
        } finally {
            reg.unregister();
            observer.unregister();
        }
    }
}
