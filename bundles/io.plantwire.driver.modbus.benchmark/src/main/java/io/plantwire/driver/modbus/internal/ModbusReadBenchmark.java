package io.plantwire.driver.modbus.internal;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.driver.support.PollGroup;
import io.plantwire.driver.support.PolledDevice;

/**
 * Registers per second read from j2mod's slave on loopback: through the driver's read path (coalesced request,
 * answer checks, decoding every point, building the reading) versus j2mod's own TCP master asking for the same
 * registers. One operation reads {@code registers} registers in one request either way, so
 * registers/s = ops/s x registers and the ratio of the two scores is the driver's overhead.
 *
 * <p>Short runs (1 fork, 3 x 2 s warmup, 5 x 2 s measurement) because the build machine's two cores are shared.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ModbusReadBenchmark {

    /** Registers per request: one point, or a full 125-register request of uint16 points. */
    @Param({"1", "125"})
    public int registers;

    private ModbusSlave slave;
    private ModbusTCPMaster j2mod;
    private PolledDevice<ModbusClient, List<ReadBlock>> device;
    private PollGroup<List<ReadBlock>> group;

    @Setup(Level.Trial)
    public void start() throws Exception {
        SimpleProcessImage image = new SimpleProcessImage(1);
        for (int i = 0; i < 125; i++) {
            image.addRegister(new SimpleRegister(i * 3));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, image);
        slave.open();

        // reconnect=false: keep one connection, as the driver does.
        j2mod = new ModbusTCPMaster("127.0.0.1", port, 2000, false);
        j2mod.connect();

        List<String> points = new ArrayList<>();
        for (int i = 0; i < registers; i++) {
            points.add("r" + i + ",holding-register," + i + ",uint16");
        }
        DeviceSettings settings = DeviceSettings.from(BenchmarkConfig.device(port, points));
        // The driver's read path on the support library, polled on this thread (no schedule, no intake).
        device = ModbusProtocol.device(settings, settings.newClient()).startManual();
        group = device.groups().get(0);
        if (group.detail().size() != 1) {
            throw new IllegalStateException("expected one request per poll, got " + group.detail().size());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        device.close();
        j2mod.disconnect();
        ModbusSlaveFactory.close(slave);
    }

    @Benchmark
    public DeviceReading driver() {
        DeviceReading r = device.pollNow(group);
        if (!r.points().values().iterator().next().quality().isGood()) {
            throw new IllegalStateException("driver read failed: " + r);
        }
        return r;
    }

    @Benchmark
    public InputRegister[] rawJ2mod() throws Exception {
        return j2mod.readMultipleRegisters(1, 0, registers);
    }
}
