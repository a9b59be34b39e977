package io.plantwire.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Value;

/**
 * Every data type in every byte/word order, read from and written to j2mod's slave over Modbus TCP and RTU over
 * TCP. The expected wire bytes come from the order's letters directly (wire byte i = value byte letter(i) - 'A'),
 * not from the driver's codec.
 */
class DataTypeRoundTripTest {

    private static J2modSlave tcpSlave;
    private static J2modSlave rtuSlave;

    @BeforeAll
    static void startSlaves() throws Exception {
        tcpSlave = new J2modSlave(false, 64, 16);
        rtuSlave = new J2modSlave(true, 64, 16);
    }

    @AfterAll
    static void stopSlaves() {
        tcpSlave.close();
        rtuSlave.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (String transport : List.of("tcp", "rtu-over-tcp")) {
            for (String o : List.of("AB", "BA")) {
                a.add(Arguments.of(transport, "int16", o, Value.of(-12345L), Value.of(31000L)));
                a.add(Arguments.of(transport, "uint16", o, Value.of(65000L), Value.of(513L)));
            }
            for (String o : List.of("ABCD", "CDAB", "BADC", "DCBA")) {
                a.add(Arguments.of(transport, "int32", o, Value.of(-123456789L), Value.of(2000000001L)));
                a.add(Arguments.of(transport, "uint32", o, Value.of(4000000000L), Value.of(16909060L)));
                a.add(Arguments.of(transport, "float32", o, Value.of((double) 1.2345678f), Value.of((double) -230.25f)));
            }
            for (String o : List.of("ABCDEFGH", "GHEFCDAB", "BADCFEHG", "HGFEDCBA")) {
                a.add(Arguments.of(transport, "int64", o, Value.of(-1234567890123456789L), Value.of(72623859790382856L)));
                a.add(Arguments.of(transport, "uint64", o, Value.of(9000000000000000000L), Value.of(1L)));
                a.add(Arguments.of(transport, "float64", o, Value.of(Math.PI), Value.of(-1.0e-300)));
            }
        }
        return a.stream();
    }

    private static int registersOf(String type) {
        switch (type) {
            case "int16":
            case "uint16":
                return 1;
            case "int32":
            case "uint32":
            case "float32":
                return 2;
            default:
                return 4;
        }
    }

    /** The value's big-endian bytes. */
    private static byte[] bigEndian(String type, Value v) {
        int n = registersOf(type);
        ByteBuffer b = ByteBuffer.allocate(2 * n);
        switch (type) {
            case "float32":
                b.putFloat((float) v.asDouble());
                break;
            case "float64":
                b.putDouble(v.asDouble());
                break;
            case "int16":
            case "uint16":
                b.putShort((short) v.asLong());
                break;
            case "int32":
            case "uint32":
                b.putInt((int) v.asLong());
                break;
            default:
                b.putLong(v.asLong());
        }
        return b.array();
    }

    /** Registers as they sit in the device for that order. */
    private static int[] wire(String type, String order, Value v) {
        byte[] be = bigEndian(type, v);
        byte[] w = new byte[be.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = be[order.charAt(i) - 'A'];
        }
        int[] regs = new int[w.length / 2];
        for (int i = 0; i < regs.length; i++) {
            regs[i] = (w[2 * i] & 0xFF) << 8 | (w[2 * i + 1] & 0xFF);
        }
        return regs;
    }

    private static ManualModbusDevice poller(String transport, J2modSlave slave, String... points) {
        DeviceSettings s = TestConfigs.settings("deviceId", "rt", "transport", transport, "port", slave.port,
                "timeoutMs", 2000, "points", points);
        return new ManualModbusDevice(s);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void readsAndWritesInTheConfiguredOrder(String transport, String type, String order, Value read, Value written) throws Exception {
        J2modSlave slave = transport.equals("tcp") ? tcpSlave : rtuSlave;
        int[] regs = wire(type, order, read);
        for (int i = 0; i < regs.length; i++) {
            slave.setRegister(10 + i, regs[i]);
        }
        ManualModbusDevice poller = poller(transport, slave, "p,holding-register,10," + type + "," + order);
        try {
            DeviceReading r = poller.read(poller.groups().get(0));
            PointSample s = r.point("p");
            assertThat(s.quality().isGood()).as(s.quality().toString()).isTrue();
            assertThat(s.value()).isEqualTo(read);

            WriteResult w = poller.write(new WriteRequest("rt", "p", written, true));
            assertThat(w.confirmed()).isTrue();
            assertThat(w.readBack()).isEqualTo(written);
            int[] expected = wire(type, order, written);
            for (int i = 0; i < expected.length; i++) {
                assertThat(slave.register(10 + i)).as("register %d", 10 + i).isEqualTo(expected[i]);
            }
        } finally {
            poller.stop();
        }
    }

    @Test
    void stringsBitsAndCoils() throws Exception {
        byte[] text = "PLANT-7".getBytes(StandardCharsets.ISO_8859_1);
        // "PLANT-7" in 4 registers, NUL padded; the BA point holds the same text with swapped bytes.
        for (int i = 0; i < 4; i++) {
            int hi = 2 * i < text.length ? text[2 * i] : 0;
            int lo = 2 * i + 1 < text.length ? text[2 * i + 1] : 0;
            tcpSlave.setRegister(20 + i, hi << 8 | lo);
            tcpSlave.setRegister(30 + i, lo << 8 | hi);
        }
        tcpSlave.setRegister(40, 0b0010_0000);
        tcpSlave.image.getDigitalOut(3).set(true);
        ManualModbusDevice poller = poller("tcp", tcpSlave, "tag,holding,20,string:4", "tagSwapped,holding,30,string:4,BA",
                "flag5,holding,40,bit:5", "flag6,holding,40,bit:6", "breaker,coil,3,bool", "other,coil,4,bool");
        try {
            DeviceReading r = poller.read(poller.groups().get(0));
            assertThat(r.point("tag").value()).isEqualTo(Value.of("PLANT-7"));
            assertThat(r.point("tagSwapped").value()).isEqualTo(Value.of("PLANT-7"));
            assertThat(r.point("flag5").value()).isEqualTo(Value.TRUE);
            assertThat(r.point("flag6").value()).isEqualTo(Value.FALSE);
            assertThat(r.point("breaker").value()).isEqualTo(Value.TRUE);
            assertThat(r.point("other").value()).isEqualTo(Value.FALSE);

            assertThat(poller.write(new WriteRequest("rt", "tag", Value.of("TANK 3"), true)).confirmed()).isTrue();
            assertThat(tcpSlave.register(20)).isEqualTo('T' << 8 | 'A');
            assertThat(tcpSlave.register(23)).isZero();
            assertThat(poller.write(new WriteRequest("rt", "flag6", Value.TRUE, true)).confirmed()).isTrue();
            assertThat(tcpSlave.register(40)).isEqualTo(0b0110_0000);
            assertThat(poller.write(new WriteRequest("rt", "flag5", Value.FALSE, true)).confirmed()).isTrue();
            assertThat(tcpSlave.register(40)).isEqualTo(0b0100_0000);
            WriteResult coil = poller.write(new WriteRequest("rt", "other", Value.TRUE, true));
            assertThat(coil.confirmed()).isTrue();
            assertThat(tcpSlave.image.getDigitalOut(4).isSet()).isTrue();
        } finally {
            poller.stop();
        }
    }
}
