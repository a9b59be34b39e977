package io.plantwire.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.api.model.Value;
import io.plantwire.simulator.modbus.Fault;
import io.plantwire.simulator.modbus.ModbusTcpServer;
import io.plantwire.simulator.modbus.Profile;
import io.plantwire.simulator.modbus.SimulatedDevice;

/**
 * RTU over TCP behind a simulated transparent converter, which forwards a late bus answer to whichever client is
 * connected at that moment: dropping the connection is not enough, the driver must wait for a quiet line.
 */
class RtuOverTcpFaultTest {

    private ModbusTcpServer converter;
    private SimulatedDevice device;
    private ManualModbusDevice poller;

    @BeforeEach
    void start() throws Exception {
        converter = ModbusTcpServer.start("127.0.0.1", 0, true);
        device = new SimulatedDevice(5, Profile.BLANK, 0, 5);
        device.registers().setInputRegister(0, 111);
        converter.addDevice(device);
        DeviceSettings s = TestConfigs.settings("deviceId", "tank-probe", "transport", "rtu-over-tcp", "port", converter.port(),
                "unitId", 5, "timeoutMs", 1000, "retries", 0, "points", new String[] {"level,input,0,uint16"});
        poller = new ManualModbusDevice(s);
    }

    @AfterEach
    void stop() {
        poller.stop();
        converter.close();
    }

    private PointSample level() {
        return poller.read(poller.groups().get(0)).point("level");
    }

    @Test
    void aLateBusAnswerArrivingOnTheNewConnectionIsNeverTakenForTheNextAnswer() {
        assertThat(level().value()).isEqualTo(Value.of(111L));
        // Request 1 is answered 1.5 s late (after the 1 s timeout); request 2 needs 0.7 s. Without waiting for a quiet
        // line, request 2 would go out at once and the late 111 of request 1 would arrive first and be taken.
        device.injectFault(Fault.lateReply(Duration.ofMillis(1500)), 1);
        device.injectFault(Fault.lateReply(Duration.ofMillis(700)), 1);
        assertThat(level().quality().reason()).isEqualTo(Reason.TIMEOUT);
        device.registers().setInputRegister(0, 222);
        PointSample next = level();
        assertThat(next.quality().isGood()).as(next.quality().toString()).isTrue();
        assertThat(next.value()).isEqualTo(Value.of(222L));
        assertThat(level().value()).isEqualTo(Value.of(222L));
    }

    @Test
    void exceptionsAndMissingAnswersOverRtuFraming() {
        device.injectFault(Fault.exception(2), 1);
        PointSample refused = level();
        assertThat(refused.quality().reason()).isEqualTo(Reason.DEVICE_EXCEPTION);
        assertThat(refused.quality().code()).isEqualTo(2);
        device.injectFault(Fault.noReply(), 1);
        assertThat(level().quality().reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(level().value()).isEqualTo(Value.of(111L));
        assertThat(converter.acceptedConnections()).isEqualTo(2);
    }
}
