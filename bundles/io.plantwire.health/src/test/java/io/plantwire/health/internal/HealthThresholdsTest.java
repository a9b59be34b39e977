package io.plantwire.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HealthThresholdsTest {

    /** A configuration with the metatype defaults, changed field by field. */
    static final class Config implements HealthConfig {
        int polls = 3;
        long pollMs = 1000;
        long backlog = 100_000;
        long age = 300;
        long down = 10;
        long free = 268_435_456L;
        String dir = "";

        Config backlog(long v) {
            backlog = v;
            return this;
        }

        Config age(long v) {
            age = v;
            return this;
        }

        Config down(long v) {
            down = v;
            return this;
        }

        @Override
        public int maxMissedPolls() {
            return polls;
        }

        @Override
        public long defaultPollIntervalMs() {
            return pollMs;
        }

        @Override
        public long maxBacklogRecords() {
            return backlog;
        }

        @Override
        public long maxOldestRecordAgeSeconds() {
            return age;
        }

        @Override
        public long maxSinkDisconnectedSeconds() {
            return down;
        }

        @Override
        public long minFreeDiskBytes() {
            return free;
        }

        @Override
        public String dataDirectory() {
            return dir;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return HealthConfig.class;
        }
    }

    private static final Path DEFAULT = Path.of("/srv/plantwire/data");

    @Test
    void defaultsAreValidAndTheDataDirectoryDefaultsToTheHomes() {
        HealthThresholds t = new HealthThresholds(new Config(), DEFAULT);
        assertThat(t.maxMissedPolls()).isEqualTo(3);
        assertThat(t.dataDirectory()).isEqualTo(DEFAULT);
        assertThat(HealthThresholds.defaultDataDirectory("/opt/gw", Map.of())).isEqualTo(Path.of("/opt/gw/data"));
        assertThat(HealthThresholds.defaultDataDirectory(null, Map.of("PLANTWIRE_HOME", "/var/lib/gw")))
                .isEqualTo(Path.of("/var/lib/gw/data"));
    }

    @Test
    void everyBadValueIsNamedWithItsField() {
        Config polls = new Config();
        polls.polls = 0;
        assertThatThrownBy(() -> new HealthThresholds(polls, DEFAULT))
                .hasMessage("io.plantwire.health: maxMissedPolls=0 is below the minimum 1");
        Config backlog = new Config().backlog(-1);
        assertThatThrownBy(() -> new HealthThresholds(backlog, DEFAULT))
                .hasMessage("io.plantwire.health: maxBacklogRecords=-1 is below the minimum 0");
        Config age = new Config().age(0);
        assertThatThrownBy(() -> new HealthThresholds(age, DEFAULT))
                .hasMessageContaining("maxOldestRecordAgeSeconds=0");
        Config free = new Config();
        free.free = -5;
        assertThatThrownBy(() -> new HealthThresholds(free, DEFAULT)).hasMessageContaining("minFreeDiskBytes=-5");
        Config interval = new Config();
        interval.pollMs = 0;
        assertThatThrownBy(() -> new HealthThresholds(interval, DEFAULT)).hasMessageContaining("defaultPollIntervalMs=0");
    }

    @Test
    void dataDirectoryMustBeAnAbsolutePathWithoutControlCharacters() {
        Config relative = new Config();
        relative.dir = "data";
        assertThatThrownBy(() -> new HealthThresholds(relative, DEFAULT))
                .hasMessage("io.plantwire.health: dataDirectory='data' is not an absolute path");
        Config control = new Config();
        control.dir = "/srv/\u0007data\n";
        assertThatThrownBy(() -> new HealthThresholds(control, DEFAULT))
                .hasMessageContaining("contains control characters").hasMessageNotContaining("\u0007");
        Config absolute = new Config();
        absolute.dir = " /srv/gw/../gw/data ";
        assertThat(new HealthThresholds(absolute, DEFAULT).dataDirectory()).isEqualTo(Path.of("/srv/gw/data"));
    }
}
