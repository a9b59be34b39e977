package io.plantwire.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AssetSelectorTest {

    private static final Isa95Path TANK_1 = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");
    private static final Isa95Path PUMP_7 = Isa95Path.parse("acme/antwerp/utilities/line-9/cell-z/pump-7");

    @Test
    void exactPathMatchesOnlyItself() {
        AssetSelector s = AssetSelector.of("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");
        assertThat(s.matches(TANK_1)).isTrue();
        assertThat(s.matches(PUMP_7)).isFalse();
    }

    @Test
    void doubleStarSpansAnyNumberOfLevels() {
        assertThat(AssetSelector.of("acme/**").matches(TANK_1)).isTrue();
        assertThat(AssetSelector.of("**/tank-*").matches(TANK_1)).isTrue();
        assertThat(AssetSelector.of("**/tank-*").matches(PUMP_7)).isFalse();
        assertThat(AssetSelector.of("acme/rotterdam/**/tank-1").matches(TANK_1)).isTrue();
        assertThat(AssetSelector.of("acme/**/line-1/**").matches(TANK_1)).isTrue();
        assertThat(AssetSelector.of("acme/**/line-1/**").matches(PUMP_7)).isFalse();
    }

    @Test
    void singleStarAndQuestionMarkStayWithinOneLevel() {
        assertThat(AssetSelector.of("acme/*/tankfarm/*/*/tank-?").matches(TANK_1)).isTrue();
        assertThat(AssetSelector.of("acme/*/tank-1").matches(TANK_1)).isFalse();
    }

    @Test
    void severalPatternsMatchWhenAnyDoes() {
        AssetSelector s = AssetSelector.of("**/pump-*", "**/tank-1");
        assertThat(s.matches(TANK_1)).isTrue();
        assertThat(s.matches(PUMP_7)).isTrue();
    }

    @Test
    void noPatternMeansAll() {
        assertThat(AssetSelector.of()).isEqualTo(AssetSelector.ALL);
        assertThat(AssetSelector.of("", " ").matchesAll()).isTrue();
        assertThat(AssetSelector.of((String[]) null).matches(PUMP_7)).isTrue();
    }

    @Test
    void malformedPatternsAreRejectedWithThePattern() {
        assertThatThrownBy(() -> AssetSelector.of("acme//tank")).hasMessageContaining("'acme//tank'")
                .hasMessageContaining("empty level");
        assertThatThrownBy(() -> AssetSelector.of("acme/tank**")).hasMessageContaining("whole level");
        assertThatThrownBy(() -> AssetSelector.of("acme/ta+nk")).hasMessageContaining("'+'");
    }
}
