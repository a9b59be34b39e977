package io.plantwire.driver.modbus.internal;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

/**
 * RTU over TCP against a slave that sends a frame whose byte count does not fit the request: 252-255 (more than a
 * 256-byte RTU frame can hold) or simply another count. The point goes BAD with a framing reason, nothing escapes
 * the poll, and the next poll resynchronises and reads GOOD.
 */
class RtuFramingErrorTest {

    private MisbehavingRtuSlave slave;
    private ManualModbusDevice poller;

    @BeforeEach
    void start() throws Exception {
        slave = new MisbehavingRtuSlave((short) 111);
        DeviceSettings s = TestConfigs.settings("deviceId", "tank-probe", "transport", "rtu-over-tcp",
                "port", slave.port(), "unitId", 7, "timeoutMs", 300, "retries", 0,
                "points", new String[] {"level,holding,0,uint16", "flow,holding,1,uint16"});
        poller = new ManualModbusDevice(s);
    }

    @AfterEach
    void stop() throws Exception {
        poller.stop();
        slave.close();
    }

    private DeviceReading poll() {
        return poller.read(poller.groups().get(0));
    }

    @ParameterizedTest(name = "byte count {0}")
    @ValueSource(ints = {252, 253, 254, 255, 2, 6, 0})
    void aByteCountThatDoesNotFitTheRequestIsAFramingErrorAndTheNextPollResyncs(int byteCount) {
        assertThat(poll().point("level").value()).isEqualTo(Value.of(111L));

        slave.nextAnswerAnnounces(byteCount);
        DeviceReading bad = poll(); // returns: nothing escapes the poll
        for (String point : List.of("level", "flow")) {
            Quality q = bad.point(point).quality();
            assertThat(q.isBad()).as(point + " " + q).isTrue();
            assertThat(q.detail()).contains("framing error").contains("announces " + byteCount + " data bytes")
                    .contains("needs 4");
        }
        assertThat(poller.status().lastError()).contains("framing error");

        slave.register((short) 222);
        PointSample next = poll().point("level");
        assertThat(next.quality().isGood()).as(next.quality().toString()).isTrue();
        assertThat(next.value()).isEqualTo(Value.of(222L));
    }

    @Test
    void theDeviceComponentKeepsSubmittingReadingsThroughFramingErrors() throws Exception {
        CollectingIntake intake = new CollectingIntake();
        for (int i = 0; i < 3; i++) {
            slave.nextAnswerAnnounces(253);
        }
        io.plantwire.driver.support.DeviceThreadPool pool = new io.plantwire.driver.support.DeviceThreadPool("modbus", 1);
        ModbusDeviceComponent c = new ModbusDeviceComponent(intake, pool, TestConfigs.device("deviceId", "tank-probe",
                "transport", "rtu-over-tcp", "port", slave.port(), "unitId", 7, "timeoutMs", 300, "retries", 0,
                "pollIntervalMs", 50, "points", new String[] {"level,holding,0,uint16"}));
        try {
            await("a GOOD reading after three framing errors").atMost(Duration.ofSeconds(20)).until(() -> {
                DeviceReading last = intake.last();
                return last != null && last.point("level").quality().isGood();
            });
            List<DeviceReading> readings = intake.readings();
            // Every poll produced a reading: the three broken answers as BAD points, none lost to an exception.
            assertThat(readings.stream().filter(r -> r.point("level").quality().isBad()).count()).isEqualTo(3);
            assertThat(readings.get(readings.size() - 1).point("level").value()).isEqualTo(Value.of(111L));
        } finally {
            c.deactivate();
            pool.close();
        }
    }
}
