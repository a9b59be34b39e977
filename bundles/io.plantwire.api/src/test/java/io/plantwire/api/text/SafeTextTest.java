package io.plantwire.api.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void printableTextIsUnchanged() {
        String text = "tank-1 42.5 °C Σ 温度 batch B-7";
        assertThat(SafeText.printable(text)).isSameAs(text);
    }

    @Test
    void lineBreaksCannotForgeLogLines() {
        assertThat(SafeText.printable("admin\nINFO login ok for root")).isEqualTo("admin\\nINFO login ok for root");
        assertThat(SafeText.printable("a\r\nb\tc")).isEqualTo("a\\r\\nb\\tc");
        assertThat(SafeText.printable("x\u2028y\u2029z")).isEqualTo("x\\u2028y\\u2029z");
    }

    @Test
    void terminalEscapeSequencesAndC1ControlsAreEscaped() {
        assertThat(SafeText.printable("\u001b[2J\u001b]0;pwned\u0007")).isEqualTo("\\x1b[2J\\x1b]0;pwned\\x07");
        assertThat(SafeText.printable("a\u009bb\u007fc\u0000")).isEqualTo("a\\x9bb\\x7fc\\x00");
    }

    @Test
    void bidiOverridesAndBackslashesAreEscaped() {
        assertThat(SafeText.printable("abc\u202edef")).isEqualTo("abc\\u202edef");
        assertThat(SafeText.printable("C:\\temp\\x1b")).isEqualTo("C:\\\\temp\\\\x1b");
    }

    @Test
    void cutsLongTextAndSaysHowMuchWasLeftOut() {
        assertThat(SafeText.printable("0123456789", 4)).isEqualTo("0123…(6 more)");
        assertThat(SafeText.printable("0123", 4)).isEqualTo("0123");
        assertThat(SafeText.printable(null, 4)).isEqualTo("null");
        assertThatThrownBy(() -> SafeText.printable("x", -1)).hasMessageContaining("maxChars");
    }
}
