package io.plantwire.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PointMapParserTest {

    private static List<PointDefinition> parse(String... lines) {
        return new PointMapParser(1000, 125, 2000).add("points.csv", List.of(lines), 1).points();
    }

    @Test
    void readsRowsWithAndWithoutOptionalColumns() {
        List<PointDefinition> p = parse(
                "# meter 1",
                "voltage,holding-register,0,float32,ABCD,V",
                "current,holding,2,float32,CDAB,A,250",
                "",
                "status,input-register,10,bit:3",
                "name_plate,holding,20,string:4,BA",
                "breaker,coil,0,bool");
        assertThat(p).hasSize(5);
        assertThat(p.get(0)).extracting(PointDefinition::table, PointDefinition::address, PointDefinition::type, PointDefinition::unit, PointDefinition::pollMs)
                .containsExactly(Table.HOLDING_REGISTER, 0, DataType.FLOAT32, "V", 1000L);
        assertThat(p.get(1).order()).isEqualTo(new RegisterOrder(true, false));
        assertThat(p.get(1).pollMs()).isEqualTo(250);
        assertThat(p.get(2).bit()).isEqualTo(3);
        assertThat(p.get(3).registers()).isEqualTo(4);
        assertThat(p.get(3).order().byteSwap()).isTrue();
        assertThat(p.get(4).table()).isEqualTo(Table.COIL);
        assertThat(p.get(0).line()).isEqualTo("points.csv line 2");
    }

    @Test
    void modiconReferencesAreOneBasedAndCarryTheirTable() {
        List<PointDefinition> p = parse(
                "a,,4x00001,int16",
                "b,,3x1,int16",
                "c,,1x00010,bool",
                "d,,0x65536,bool",
                "e,holding-register,4x00100,uint16");
        assertThat(p).extracting(PointDefinition::table).containsExactly(Table.HOLDING_REGISTER, Table.INPUT_REGISTER,
                Table.DISCRETE_INPUT, Table.COIL, Table.HOLDING_REGISTER);
        assertThat(p).extracting(PointDefinition::address).containsExactly(0, 0, 9, 65535, 99);
    }

    @Test
    void aPlainNumberIsAlwaysZeroBasedEvenWhenItLooksLikeModicon() {
        List<PointDefinition> p = parse("x,holding-register,40001,int16");
        assertThat(p.get(0).address()).isEqualTo(40001);
        assertThatThrownBy(() -> parse("x,,40001,int16"))
                .hasMessageContaining("points.csv line 1, field 'table'")
                .hasMessageContaining("4x00001");
    }

    @Test
    void headerMayReorderAndOmitColumns() {
        List<PointDefinition> p = parse("type,address,name,unit", "float32,4x00005,power,kW");
        assertThat(p.get(0).name()).isEqualTo("power");
        assertThat(p.get(0).address()).isEqualTo(4);
        assertThat(p.get(0).unit()).isEqualTo("kW");
    }

    @Test
    void everyBadRowIsReportedWithItsLineAndField() {
        assertThatThrownBy(() -> parse(
                "ok,holding,0,int16",
                "bad type,holding,1,flaot32",
                "t,holding,0x1F,int16",
                "ok,holding,5,int16",
                "s,coil,3,int16",
                "f,holding,7,float32,ABCDEFGH",
                "g,,4x0,int16",
                "h,,3x00001,int16,,,5",
                "i,input,65535,int32",
                "j,\"holding,2,int16"))
                .isInstanceOf(PointMapException.class)
                .satisfies(e -> assertThat(((PointMapException) e).problems()).containsExactly(
                        "points.csv line 2, field 'name': 'bad type' must be 1-128 characters A-Z a-z 0-9 _ . : - (not starting with . : -)",
                        "points.csv line 2, field 'type': 'flaot32' is not one of bool, bit:N, int16, uint16, int32, uint32, int64, uint64, float32, float64, string:N",
                        "points.csv line 3, field 'address': '0x1F' is neither a 0-based address (0-65535) nor a Modicon reference like 4x00001, 3x1, 1x7, 0x12 (hexadecimal is not accepted)",
                        "points.csv line 4, field 'name': 'ok' is already defined for this device",
                        "points.csv line 5, field 'type': 'int16' is not possible in the coil table, which holds single bits: use bool",
                        "points.csv line 6, field 'order': 'ABCDEFGH' is not valid for float32, expected ABCD, CDAB, BADC, DCBA",
                        "points.csv line 7, field 'address': '4x0' Modicon references count from 1 to 65536",
                        "points.csv line 8, field 'pollMs': '5' must be 10-86400000 ms, or empty for the device's poll interval",
                        "points.csv line 9, field 'address': '65535' with 2 registers runs past address 65535",
                        "points.csv line 10: a double quote is not closed"));
    }

    @Test
    void aPointLargerThanOneRequestIsRejected() {
        assertThatThrownBy(() -> new PointMapParser(1000, 2, 2000).add("points", List.of("x,holding,0,float64"), 1).points())
                .hasMessageContaining("field 'type': 'float64' needs 4 registers, more than maxRegistersPerRequest=2");
    }

    @Test
    void orderNamesDependOnTheWidth() {
        assertThat(RegisterOrder.parse("GHEFCDAB", 4)).isEqualTo(new RegisterOrder(true, false));
        assertThat(RegisterOrder.parse("CDAB", 4)).isEqualTo(new RegisterOrder(true, false));
        assertThat(RegisterOrder.parse("HGFEDCBA", 4)).isEqualTo(new RegisterOrder(true, true));
        assertThat(RegisterOrder.parse("BA", 2)).isNull();
        assertThat(RegisterOrder.parse("BA", 1)).isEqualTo(new RegisterOrder(false, true));
    }
}
