package io.plantwire.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Isa95PathTest {

    @Test
    void parsesAndPrintsSixLevels() {
        Isa95Path p = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell_a/tank.1");
        assertThat(p.enterprise()).isEqualTo("acme");
        assertThat(p.asset()).isEqualTo("tank.1");
        assertThat(p.levels()).hasSize(6);
        assertThat(p.toString()).isEqualTo("acme/rotterdam/tankfarm/line-1/cell_a/tank.1");
        assertThat(Isa95Path.parse(p.toString())).isEqualTo(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tank+1", "tank#1", "tank 1", "-tank", "", "tänk", "tank/1"})
    void rejectsNamesThatBreakMqttOrKafka(String bad) {
        assertThatThrownBy(() -> new Isa95Path("acme", "site", "area", "line", "cell", bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asset")
                .hasMessageContaining("'" + bad + "'");
    }

    @Test
    void errorNamesTheLevelThatIsWrong() {
        assertThatThrownBy(() -> Isa95Path.parse("acme/site/ar ea/line/cell/tank"))
                .hasMessageContaining("area 'ar ea'");
        assertThatThrownBy(() -> Isa95Path.parse("acme/site/area/tank"))
                .hasMessageContaining("must have 6 levels").hasMessageContaining("has 4");
    }

    @Test
    void rejectsOverlongNames() {
        String name = "a".repeat(65);
        assertThatThrownBy(() -> new Isa95Path(name, "s", "a", "l", "c", "x")).hasMessageContaining("enterprise");
        assertThat(new Isa95Path("a".repeat(64), "s", "a", "l", "c", "x").enterprise()).hasSize(64);
    }
}
