package io.plantwire.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboundRefusalsTest {

    @Test
    void theTopicOfARefusedMessageIsQuotedEscapedAndCut() {
        InboundRefusals r = new InboundRefusals("uns", 1000);
        r.refused("acme/\u001b[2J\u001b[31mfake\nline/" + "x".repeat(500), 5000);
        assertThat(r.count()).isEqualTo(1);
        assertThat(r.last()).contains("acme/\\x1b[2J\\x1b[31mfake\\nline/").doesNotContain("\u001b")
                .doesNotContain("\n").contains("more)").contains("5000 payload bytes");
    }
}
