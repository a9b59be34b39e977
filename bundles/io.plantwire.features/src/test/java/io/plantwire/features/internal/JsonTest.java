package io.plantwire.features.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsEveryJsonType() {
        Object value = Json.parse("{\"s\": \"a\\\"b\\u00e9\\n\", \"i\": -12, \"d\": 1.5e2, \"t\": true, \"f\": false,"
                + " \"n\": null, \"a\": [1, \"x\", []], \"o\": {}}");
        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.get("s")).isEqualTo("a\"b\u00e9\n");
        assertThat(map.get("i")).isEqualTo(-12L);
        assertThat(map.get("d")).isEqualTo(150.0);
        assertThat(map.get("t")).isEqualTo(true);
        assertThat(map.get("f")).isEqualTo(false);
        assertThat(map.containsKey("n")).isTrue();
        assertThat(map.get("n")).isNull();
        assertThat(map.get("a")).isEqualTo(List.of(1L, "x", List.of()));
        assertThat(map.get("o")).isEqualTo(Map.of());
        assertThat(map.keySet()).containsExactly("s", "i", "d", "t", "f", "n", "a", "o");
    }

    @Test
    void errorsNameLineAndColumn() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"))
                .hasMessageContaining("line 3, column 7").hasMessageContaining("expected ':'");
        assertThatThrownBy(() -> Json.parse("[1, 2,]")).hasMessageContaining("unexpected ']'");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} x")).hasMessageContaining("after the end");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}")).hasMessageContaining("duplicate member \"a\"");
        assertThatThrownBy(() -> Json.parse("\"open")).hasMessageContaining("unterminated string");
    }

    @Test
    void writtenJsonReadsBackTheSame() {
        Map<String, Object> original = Map.of("name", "tank \"1\"\t", "list", List.of(1L, true, "x"),
                "nested", Map.of("k", 2.5));
        assertThat(Json.parse(Json.write(original))).isEqualTo(original);
    }
}
