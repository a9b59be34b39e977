package io.plantwire.sink.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.plantwire.store.FsyncPolicy;
import io.plantwire.store.OverflowPolicy;
import io.plantwire.store.QueueOptions;
import io.plantwire.store.deadletter.DeadLetterFullPolicy;

class StoreSettingsTest {

    @Test
    void validOptionsAreMapped() {
        QueueOptions o = StoreSettings.options(1 << 20, "REJECT_NEW", " EVERY_N_RECORDS ", 50, 7);
        assertThat(o.maxBytes()).isEqualTo(1 << 20);
        assertThat(o.overflowPolicy()).isEqualTo(OverflowPolicy.REJECT_NEW);
        assertThat(o.fsyncPolicy()).isEqualTo(FsyncPolicy.EVERY_N_RECORDS);
        assertThat(StoreSettings.deadLetterOptions(10, 1 << 20, "DROP_NEW").fullPolicy())
                .isEqualTo(DeadLetterFullPolicy.DROP_NEW);
    }

    @Test
    void everyBadValueIsRefusedNamingTheAttributeAndTheValue() {
        assertThatThrownBy(() -> StoreSettings.options(10, "DROP_OLDEST", "INTERVAL", 1, 1))
                .hasMessageContaining("store.max.bytes").hasMessageContaining("10");
        assertThatThrownBy(() -> StoreSettings.options(1 << 20, "KEEP\u001b[31m", "INTERVAL", 1, 1))
                .hasMessageContaining("store.overflow.policy").hasMessageContaining("KEEP\\x1b[31m");
        assertThatThrownBy(() -> StoreSettings.options(1 << 20, "DROP_OLDEST", "SOMETIMES", 1, 1))
                .hasMessageContaining("store.fsync.policy").hasMessageContaining("SOMETIMES");
        assertThatThrownBy(() -> StoreSettings.options(1 << 20, "DROP_OLDEST", "INTERVAL", 0, 1))
                .hasMessageContaining("store.fsync.interval.ms").hasMessageContaining("0");
        assertThatThrownBy(() -> StoreSettings.options(1 << 20, "DROP_OLDEST", "INTERVAL", 1, -3))
                .hasMessageContaining("store.fsync.every.records").hasMessageContaining("-3");
        assertThatThrownBy(() -> StoreSettings.deadLetterOptions(0, 1 << 20, "DROP_NEW"))
                .hasMessageContaining("deadletter.max.records");
        assertThatThrownBy(() -> StoreSettings.deadLetterOptions(1, 1, "DROP_NEW"))
                .hasMessageContaining("deadletter.max.bytes");
        assertThatThrownBy(() -> StoreSettings.deadLetterOptions(1, 1 << 20, null))
                .hasMessageContaining("deadletter.full.policy").hasMessageContaining("null");
        assertThatThrownBy(() -> StoreSettings.refusalAttempts(0)).hasMessageContaining("refusal.retry.max.attempts");
        assertThatThrownBy(() -> StoreSettings.directory("", null, "x")).hasMessageContaining("store.directory");
    }

    @Test
    void directories() {
        assertThat(StoreSettings.directory(" /srv/q ", Path.of("/data"), "mqtt-uns")).isEqualTo(Path.of("/srv/q"));
        assertThat(StoreSettings.directory("", Path.of("/data"), "mqtt-uns")).isEqualTo(Path.of("/data/mqtt-uns"));
        assertThat(StoreSettings.deadLetterDirectory(Path.of("/data/mqtt-uns")))
                .isEqualTo(Path.of("/data/mqtt-uns.deadletters"));
        assertThat(StoreSettings.storeArea("/home/gw", null)).isEqualTo(Path.of("/home/gw/data/store"));
        assertThat(StoreSettings.storeArea(" ", null)).isNull();
    }
}
