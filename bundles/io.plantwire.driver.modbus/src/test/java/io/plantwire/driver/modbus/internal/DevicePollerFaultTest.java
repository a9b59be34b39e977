package io.plantwire.driver.modbus.internal;

import static org.awaitility.Awaitility.await;
import io.plantwire.driver.support.PollGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.api.model.Value;
import io.plantwire.simulator.modbus.Fault;
import io.plantwire.simulator.modbus.ModbusTcpServer;
import io.plantwire.simulator.modbus.Profile;
import io.plantwire.simulator.modbus.SimulatedDevice;

/** Quality, retries, resync and reconnect against the simulator's injected faults. */
class DevicePollerFaultTest {

    private ModbusTcpServer server;
    private SimulatedDevice device;
    private final List<ManualModbusDevice> pollers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = ModbusTcpServer.start("127.0.0.1", 0);
        device = new SimulatedDevice(1, Profile.BLANK, 0, 1);
        device.registers().setHoldingRegister(0, 111);
        server.addDevice(device);
    }

    @AfterEach
    void stop() {
        pollers.forEach(ManualModbusDevice::stop);
        server.close();
    }

    private ManualModbusDevice poller(int retries) {
        return poller(retries, "level,holding,0,uint16", "setpoint,holding,1,int16");
    }

    private ManualModbusDevice poller(int retries, String... points) {
        DeviceSettings s = TestConfigs.settings("deviceId", "meter-1", "port", server.port(), "timeoutMs", 300,
                "retries", retries, "reconnectBackoffMinMs", 50, "reconnectBackoffMaxMs", 200, "busyBackoffMs", 20,
                "points", points);
        ManualModbusDevice p = new ManualModbusDevice(s);
        pollers.add(p);
        return p;
    }

    private static PointSample level(ManualModbusDevice p) {
        return p.read(p.groups().get(0)).point("level");
    }

    @Test
    void illegalAddressIsReportedWithItsCodeAndNotRetried() {
        ManualModbusDevice p = poller(3);
        device.injectFault(Fault.exception(2), 5);
        PointSample s = level(p);
        assertThat(s.quality().reason()).isEqualTo(Reason.DEVICE_EXCEPTION);
        assertThat(s.quality().code()).isEqualTo(2);
        assertThat(device.requestCount(3)).isEqualTo(1);
        assertThat(p.status().errors()).isEqualTo(1);
    }

    @Test
    void busyIsRetriedAfterABackoff() {
        ManualModbusDevice p = poller(1);
        device.injectFault(Fault.exception(6), 1);
        PointSample s = level(p);
        assertThat(s.quality().isGood()).isTrue();
        assertThat(s.value()).isEqualTo(Value.of(111L));
        assertThat(device.requestCount(3)).isEqualTo(2);

        device.injectFault(Fault.exception(6), 2);
        PointSample busy = level(p);
        assertThat(busy.quality().code()).isEqualTo(6);
        assertThat(device.requestCount(3)).isEqualTo(4);
    }

    @Test
    void timeoutMarksTheBlockBadAndTheNextPollUsesAFreshConnection() {
        // Two requests per poll: input registers first, then holding registers.
        ManualModbusDevice p = poller(0, "level,holding,0,uint16", "setpoint,holding,1,int16", "mode,input,0,uint16");
        assertThat(level(p).quality().isGood()).isTrue();
        device.injectFault(Fault.noReply(), 1);
        PollGroup<List<ReadBlock>> g = p.groups().get(0);
        var reading = p.read(g);
        assertThat(reading.point("mode").quality().reason()).isEqualTo(Reason.TIMEOUT);
        // The holding-register block is another request and was read on a new connection.
        assertThat(reading.point("level").quality().isGood()).isTrue();
        assertThat(reading.point("setpoint").quality().isGood()).isTrue();
        assertThat(server.acceptedConnections()).isEqualTo(2);
    }

    @Test
    void aLateReplyNeverShiftsValues() throws Exception {
        ManualModbusDevice p = poller(0);
        device.injectFault(Fault.lateReply(Duration.ofMillis(800)), 1);
        assertThat(level(p).quality().reason()).isEqualTo(Reason.TIMEOUT);
        device.registers().setHoldingRegister(0, 222);
        // While the late answer (111) is still on its way, and after it was sent: only 222 may ever be GOOD.
        for (int i = 0; i < 20; i++) {
            PointSample s = level(p);
            assertThat(s.quality().isGood()).as("poll %d: %s", i, s.quality()).isTrue();
            assertThat(s.value()).isEqualTo(Value.of(222L));
            Thread.sleep(50); // spreads the polls over the late answer's window on purpose; not a wait for a condition
        }
    }

    @Test
    void aStaleReplyIsDetectedByItsTransactionIdAndTheConnectionResyncs() {
        ManualModbusDevice p = poller(0);
        assertThat(level(p).value()).isEqualTo(Value.of(111L));
        device.registers().setHoldingRegister(0, 222);
        device.injectFault(Fault.staleReply(), 1);
        PointSample stale = level(p);
        assertThat(stale.quality().isGood()).isFalse();
        assertThat(stale.quality().detail()).contains("transaction id");
        assertThat(level(p).value()).isEqualTo(Value.of(222L));

        ManualModbusDevice retrying = poller(1);
        assertThat(level(retrying).value()).isEqualTo(Value.of(222L));
        device.registers().setHoldingRegister(0, 333);
        device.injectFault(Fault.staleReply(), 1);
        PointSample retried = level(retrying);
        assertThat(retried.quality().isGood()).isTrue();
        assertThat(retried.value()).isEqualTo(Value.of(333L));
    }

    @Test
    void droppedConnectionIsDisconnectedThenReconnectsWithBackoff() {
        ManualModbusDevice p = poller(1);
        device.injectFault(Fault.dropConnection(), 1);
        PointSample s = level(p);
        assertThat(s.quality().reason()).isEqualTo(Reason.DISCONNECTED);
        assertThat(p.status().state()).isEqualTo(ConnectionState.DISCONNECTED);
        await("reconnected").atMost(Duration.ofSeconds(20)).until(() -> level(p).quality().isGood());
        assertThat(p.status().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void reconnectsAfterTheSlaveRestarts() throws Exception {
        ManualModbusDevice p = poller(0);
        assertThat(level(p).quality().isGood()).isTrue();
        int port = server.port();
        server.close();
        PointSample down = level(p);
        assertThat(down.quality().reason()).isEqualTo(Reason.DISCONNECTED);
        // While the backoff runs the poller does not even try: no requests, still DISCONNECTED.
        long requests = p.status().requests();
        assertThat(level(p).quality().reason()).isEqualTo(Reason.DISCONNECTED);

        server = ModbusTcpServer.start("127.0.0.1", port);
        device.registers().setHoldingRegister(0, 444);
        server.addDevice(device);
        await("reconnected after restart").atMost(Duration.ofSeconds(20)).until(() -> level(p).quality().isGood());
        assertThat(level(p).value()).isEqualTo(Value.of(444L));
        assertThat(p.status().requests()).isGreaterThan(requests);
        assertThat(p.status().lastSuccessfulPoll()).isNotNull();
    }

    @Test
    void statusCountsRequestsErrorsAndRoundTrips() {
        ManualModbusDevice p = poller(0);
        for (int i = 0; i < 5; i++) {
            p.read(p.groups().get(0));
        }
        device.injectFault(Fault.exception(4), 1);
        p.read(p.groups().get(0));
        DeviceStatus st = p.status();
        assertThat(st.requests()).isEqualTo(6).isEqualTo(device.requestCount());
        assertThat(st.errors()).isEqualTo(1);
        assertThat(st.lastError()).contains("exception 4");
        assertThat(st.lastErrorTime()).isNotNull();
        assertThat(st.meanRoundTripMicros()).isPositive().isLessThanOrEqualTo(st.maxRoundTripMicros());
        assertThat(st.endpoint()).isEqualTo("tcp://127.0.0.1:" + server.port() + " unit 1");
        assertThat(st.deviceId()).isEqualTo("meter-1");
    }

    @Test
    void writesAreCheckedBeforeAnythingIsSent() throws Exception {
        ManualModbusDevice p = poller(0, "level,holding,0,uint16", "setpoint,holding,1,int16", "mode,input,0,uint16");
        assertThatThrownBy(() -> p.write(new WriteRequest("meter-1", "nope", Value.of(1L), false)))
                .isInstanceOf(DeviceWriteException.class).hasMessage("device 'meter-1' has no point 'nope'");
        assertThatThrownBy(() -> p.write(new WriteRequest("meter-1", "mode", Value.of(1L), false)))
                .hasMessage("point 'mode' is a input-register, which is read-only");
        assertThatThrownBy(() -> p.write(new WriteRequest("meter-1", "setpoint", Value.of(70000L), false)))
                .hasMessageContaining("outside the int16 range -32768..32767");
        assertThatThrownBy(() -> p.write(new WriteRequest("meter-1", "setpoint", Value.of(1.5), false)))
                .hasMessageContaining("not a whole number");
        assertThat(device.requestCount()).isZero();

        device.injectFault(Fault.exception(3), 1);
        assertThatThrownBy(() -> p.write(new WriteRequest("meter-1", "setpoint", Value.of(-5L), true)))
                .hasMessageContaining("refused the write to 'setpoint': exception 3 (illegal data value)");
        assertThat(p.write(new WriteRequest("meter-1", "setpoint", Value.of(-5L), true)).confirmed()).isTrue();
        assertThat((short) device.registers().holdingRegister(1)).isEqualTo((short) -5);
    }
}
