package io.plantwire.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TopicNamesTest {

    @Test
    void illegalCharactersBecomeUnderscoresAndSlashesDots() {
        assertThat(TopicNames.sanitize("acme/rotterdam/tank 1/temp°C#+")).isEqualTo("acme.rotterdam.tank_1.temp_C__");
        assertThat(TopicNames.sanitize("ok.name_with-all")).isEqualTo("ok.name_with-all");
        assertThat(TopicNames.sanitize("")).isEqualTo("_");
        assertThat(TopicNames.sanitize(".")).isEqualTo("_");
        assertThat(TopicNames.sanitize("..")).isEqualTo("__");
    }

    @Test
    void longNamesAreCutTo249AndStayDistinct() {
        String a = "x".repeat(300) + "/tank-1";
        String b = "x".repeat(300) + "/tank-2";
        String sa = TopicNames.sanitize(a);
        String sb = TopicNames.sanitize(b);
        assertThat(sa).hasSize(249).isNotEqualTo(sb);
        assertThat(TopicNames.isLegal(sa)).isTrue();
        assertThat(TopicNames.isLegal(sb)).isTrue();
        assertThat(TopicNames.sanitize("y".repeat(249))).isEqualTo("y".repeat(249));
    }

    @Test
    void templatesExpandPlaceholdersAndRejectUnknownOnes() {
        TopicTemplate t = new TopicTemplate("topic.template", "plant.{site}.{asset}", Set.of("site", "asset"));
        assertThat(t.expand(Map.of("site", "rotterdam", "asset", "tank/1")::get)).isEqualTo("plant.rotterdam.tank.1");
        assertThatThrownBy(() -> new TopicTemplate("topic.template", "plant.{sight}", Set.of("site")))
                .hasMessageContaining("topic.template").hasMessageContaining("plant.{sight}")
                .hasMessageContaining("{sight}");
        assertThatThrownBy(() -> new TopicTemplate("topic.template", "plant.{site", Set.of("site")))
                .hasMessageContaining("'{' without '}'");
        assertThatThrownBy(() -> new TopicTemplate("topic.template", "", Set.of("site")))
                .hasMessageContaining("topic.template must not be empty");
    }
}
