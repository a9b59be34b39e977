package io.plantwire.driver.modbus.internal;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.ghgande.j2mod.modbus.util.SerialParameters;

import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.Value;

/**
 * Serial RTU end to end without hardware: socat links two pseudo terminals, j2mod's serial slave answers on one,
 * the driver polls on the other. Needs {@code socat} (Debian package socat); skipped, visibly, without it.
 */
class SerialRtuOverPtyTest {

    @TempDir
    Path dir;
    private Process socat;
    private ModbusSlave slave;
    private final SimpleProcessImage image = new SimpleProcessImage(1);

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed (apt-get install socat)");
        Path master = dir.resolve("ttyMaster");
        Path device = dir.resolve("ttyDevice");
        socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + master, "pty,raw,echo=0,link=" + device)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        await("socat ptys").atMost(Duration.ofSeconds(20)).until(() -> Files.exists(master) && Files.exists(device));
        for (int i = 0; i < 10; i++) {
            image.addRegister(new SimpleRegister(100 + i));
        }
        SerialParameters p = new SerialParameters(device.toString(), 19200, 0, 0, 8, 1, 2, false);
        p.setParity("even");
        p.setStopbits("1");
        p.setEncoding("rtu");
        slave = ModbusSlaveFactory.createSerialSlave(p);
        slave.addProcessImage(1, image);
        slave.open();
    }

    @AfterEach
    void stop() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
        }
        if (socat != null) {
            socat.destroy();
        }
    }

    @Test
    void pollsAndWritesOverSerialRtu() throws Exception {
        DeviceSettings s = TestConfigs.settings("deviceId", "rs485-1", "transport", "serial-rtu",
                "serialPort", dir.resolve("ttyMaster").toString(), "baudRate", 19200, "timeoutMs", 2000,
                "points", new String[] {"a,holding,0,uint16", "b,holding,1,int32,CDAB"});
        ManualModbusDevice p = new ManualModbusDevice(s);
        try {
            DeviceReading r = p.read(p.groups().get(0));
            assertThat(r.point("a").quality().isGood()).as(r.point("a").quality().toString()).isTrue();
            assertThat(r.point("a").value()).isEqualTo(Value.of(100L));
            assertThat(r.point("b").value()).isEqualTo(Value.of(102L << 16 | 101L));
            assertThat(p.write(new WriteRequest("rs485-1", "b", Value.of(-2L), true)).confirmed()).isTrue();
            assertThat(image.getRegister(1).getValue()).isEqualTo(0xFFFE);
            assertThat(image.getRegister(2).getValue()).isEqualTo(0xFFFF);
        } finally {
            p.stop();
        }
    }
}
