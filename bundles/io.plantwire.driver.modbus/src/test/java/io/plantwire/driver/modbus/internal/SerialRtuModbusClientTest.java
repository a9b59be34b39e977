package io.plantwire.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.Quality.Reason;

/** The serial path without serial hardware: parameters as j2mod needs them, and a missing port reported BAD. */
class SerialRtuModbusClientTest {

    @Test
    void lineSettingsAreTranslatedToJ2modsCodes() {
        SerialRtuModbusClient two = new SerialRtuModbusClient("/dev/ttyUSB0", 19200, "odd", 7, 2, 500);
        assertThat(two.parameters().getStopbits()).isEqualTo(AbstractSerialConnection.TWO_STOP_BITS);
        assertThat(two.parameters().getParity()).isEqualTo(AbstractSerialConnection.ODD_PARITY);
        assertThat(two.parameters().getDatabits()).isEqualTo(7);
        assertThat(two.parameters().getBaudRate()).isEqualTo(19200);
        assertThat(new SerialRtuModbusClient("/dev/ttyUSB0", 9600, "none", 8, 1, 500).parameters().getStopbits())
                .isEqualTo(AbstractSerialConnection.ONE_STOP_BIT);
        assertThat(two).hasToString("serial:///dev/ttyUSB0 19200 7O2");
    }

    @Test
    void aMissingSerialPortIsDisconnectedWithTheReason() {
        DeviceSettings s = TestConfigs.settings("deviceId", "rs485-1", "transport", "serial-rtu", "serialPort",
                "/dev/ttyPLANTWIRE-MISSING", "points", new String[] {"a,holding,0,int16"});
        ManualModbusDevice p = new ManualModbusDevice(s);
        try {
            DeviceReading r = p.read(p.groups().get(0));
            assertThat(r.point("a").quality().reason()).isEqualTo(Reason.DISCONNECTED);
            assertThat(p.status().lastError()).contains("/dev/ttyPLANTWIRE-MISSING");
            assertThat(p.status().endpoint()).isEqualTo("serial:///dev/ttyPLANTWIRE-MISSING 9600 8E1 unit 1");
        } finally {
            p.stop();
        }
    }
}
