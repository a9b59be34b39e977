package io.plantwire.driver.modbus.internal;

import io.plantwire.driver.support.PollGroup;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.simulator.modbus.ModbusTcpServer;
import io.plantwire.simulator.modbus.Profile;
import io.plantwire.simulator.modbus.SimulatedDevice;

/**
 * Request coalescing: the number of requests is counted where it matters, on the slave, and compared with the
 * optimum found by exhaustive search.
 */
class CoalescerTest {

    private ModbusTcpServer server;
    private SimulatedDevice device;

    @BeforeEach
    void start() throws Exception {
        server = ModbusTcpServer.start("127.0.0.1", 0);
        device = new SimulatedDevice(1, Profile.BLANK, 0, 1);
        server.addDevice(device);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Polls every group once and returns the requests the slave saw, by function code 1-4. */
    private long[] requestsForOneCycle(List<String> points, Object... settings) {
        List<Object> kv = new ArrayList<>(List.of("deviceId", "c", "port", server.port(), "points", points.toArray(new String[0])));
        kv.addAll(List.of(settings));
        DeviceSettings s = TestConfigs.settings(kv.toArray());
        ManualModbusDevice poller = new ManualModbusDevice(s);
        device.resetCounters();
        try {
            for (PollGroup<List<ReadBlock>> g : poller.groups()) {
                DeviceReading r = poller.read(g);
                assertThat(r.points().values()).allMatch(p -> p.quality().isGood());
            }
        } finally {
            poller.stop();
        }
        return new long[] {device.requestCount(), device.requestCount(1), device.requestCount(2), device.requestCount(3), device.requestCount(4)};
    }

    private static List<String> rows(String format, int from, int to) {
        List<String> r = new ArrayList<>();
        for (int i = from; i < to; i++) {
            r.add(String.format(format, i, i));
        }
        return r;
    }

    @Test
    void powerMeterMapNeedsOneRequestPerTableRegion() {
        List<String> meter = List.of("voltage,holding,0,float32", "current,holding,2,float32", "power,holding,4,float32",
                "energy,holding,6,float32", "frequency,holding,8,float32", "pf,holding,10,float32",
                "demandLimit,holding,100,float32", "breaker,coil,0,bool");
        long[] n = requestsForOneCycle(meter);
        assertThat(n[0]).isEqualTo(3);
        assertThat(n[3]).isEqualTo(2); // 0-11 and 100-101: the gap of 88 is above maxGapRegisters 10
        assertThat(n[1]).isEqualTo(1);
    }

    @Test
    void neverAsksForMoreThan125RegistersOr2000Bits() {
        assertThat(requestsForOneCycle(rows("r%d,holding,%d,uint16", 0, 250))[3]).isEqualTo(2);
        assertThat(requestsForOneCycle(rows("r%d,holding,%d,uint16", 0, 251))[3]).isEqualTo(3);
        assertThat(requestsForOneCycle(rows("c%d,coil,%d,bool", 0, 2000))[1]).isEqualTo(1);
        assertThat(requestsForOneCycle(rows("c%d,coil,%d,bool", 0, 2001))[1]).isEqualTo(2);
    }

    @Test
    void configuredLimitsAndGapsAreHonoured() {
        List<String> spaced = List.of("a,input,0,int16", "b,input,12,int16");
        assertThat(requestsForOneCycle(spaced, "maxGapRegisters", 10)[4]).isEqualTo(2);
        assertThat(requestsForOneCycle(spaced, "maxGapRegisters", 11)[4]).isEqualTo(1);
        List<String> floats = List.of("a,holding,0,float32", "b,holding,8,float32", "c,holding,16,float32");
        assertThat(requestsForOneCycle(floats, "maxRegistersPerRequest", 10, "maxGapRegisters", 6)[3]).isEqualTo(2);
        assertThat(requestsForOneCycle(floats, "maxRegistersPerRequest", 9, "maxGapRegisters", 6)[3]).isEqualTo(3);
    }

    @Test
    void tablesAndPollGroupsAreNeverMixed() {
        List<String> mixed = List.of("a,holding,0,int16", "b,input,1,int16", "c,holding,2,int16,,,100", "d,discrete,0,bool");
        long[] n = requestsForOneCycle(mixed);
        assertThat(n).containsExactly(4, 0, 1, 2, 1);
    }

    @Test
    void greedyMatchesTheExhaustiveOptimum() {
        Random random = new Random(42);
        for (int round = 0; round < 400; round++) {
            int maxRegs = 4 + random.nextInt(9);
            int maxGap = random.nextInt(4);
            int n = 1 + random.nextInt(7);
            List<PointDefinition> points = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int size = new int[] {1, 2, 4}[random.nextInt(3)];
                DataType type = size == 1 ? DataType.UINT16 : size == 2 ? DataType.FLOAT32 : DataType.FLOAT64;
                points.add(new PointDefinition("p" + i, Table.HOLDING_REGISTER, random.nextInt(30), type, size, 0,
                        RegisterOrder.BIG_ENDIAN, "", 1000, "test"));
            }
            List<ReadBlock> blocks = Coalescer.coalesce(points, maxRegs, 2000, maxGap, 0);
            for (ReadBlock b : blocks) {
                assertThat(valid(b.points(), maxRegs, maxGap)).as("block %s", b).isTrue();
                assertThat(b.count()).isLessThanOrEqualTo(maxRegs);
                assertThat(b.points()).allMatch(p -> p.address() >= b.start() && p.end() <= b.end());
            }
            assertThat(blocks.stream().mapToInt(b -> b.points().size()).sum()).isEqualTo(n);
            int optimum = optimum(points, maxRegs, maxGap);
            assertThat(blocks).as("points %s, max %d, gap %d", points, maxRegs, maxGap).hasSize(optimum);
        }
    }

    /** Whether one request can serve these points: span within the limit and no unread hole above the gap. */
    private static boolean valid(List<PointDefinition> block, int maxRegs, int maxGap) {
        List<PointDefinition> sorted = new ArrayList<>(block);
        sorted.sort(Comparator.comparingInt(PointDefinition::address));
        int start = sorted.get(0).address();
        int end = sorted.get(0).end();
        for (PointDefinition p : sorted) {
            if (p.address() - end - 1 > maxGap) {
                return false;
            }
            end = Math.max(end, p.end());
        }
        return end - start + 1 <= maxRegs;
    }

    private static int optimum(List<PointDefinition> points, int maxRegs, int maxGap) {
        // In address order a hole can never be filled by a later point, so checking each partial block is exact.
        List<PointDefinition> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingInt(PointDefinition::address));
        int[] best = {points.size()};
        search(sorted, 0, new ArrayList<>(), maxRegs, maxGap, best);
        return best[0];
    }

    private static void search(List<PointDefinition> points, int i, List<List<PointDefinition>> blocks, int maxRegs,
            int maxGap, int[] best) {
        if (blocks.size() >= best[0]) {
            return;
        }
        if (i == points.size()) {
            best[0] = blocks.size();
            return;
        }
        PointDefinition p = points.get(i);
        for (int k = 0; k < blocks.size(); k++) {
            List<PointDefinition> b = blocks.get(k);
            b.add(p);
            if (valid(b, maxRegs, maxGap)) {
                search(points, i + 1, blocks, maxRegs, maxGap, best);
            }
            b.remove(b.size() - 1);
        }
        List<PointDefinition> fresh = new ArrayList<>(List.of(p));
        blocks.add(fresh);
        search(points, i + 1, blocks, maxRegs, maxGap, best);
        blocks.remove(blocks.size() - 1);
    }
}
