package io.plantwire.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.StageProperties;

/** Absent required stages: INFO at once, WARNING only when they stay away longer than absentStagesWarnDelayMs. */
class AbsentStageWarningTest extends PipelineTestBase {

    private final Logger logger = Logger.getLogger(Pipeline.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void unlisten() {
        logger.removeHandler(capture);
    }

    private List<String> messages(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level))
                .map(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters() == null
                        ? new Object[0] : r.getParameters()))
                .collect(Collectors.toList());
    }

    private static final Mapper NOTHING = (reading, out) -> {
    };

    @Test
    void aRequiredStageThatArrivesWithinTheDelayIsNoWarning() {
        Pipeline p = pipeline(PipelineTest.config("DROP_OLDEST", 100, 32L << 20, 300, "tank-map"));
        p.submit(PipelineTest.reading("meter-1", "power", 1));
        p.addMapper(NOTHING, props(StageProperties.STAGE_NAME, "tank-map"));
        assertThat(p.status().held()).isZero();

        // A "nothing happens" window: twice the delay must pass without the warning (the check was cancelled).
        Awaitility.await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(messages(Level.WARNING)).isEmpty();
        assertThat(messages(Level.INFO)).anyMatch(m -> m.startsWith("Required stages not present (yet): [tank-map]"))
                .anyMatch(m -> m.startsWith("Holding readings: required stages [tank-map] are absent"));
    }

    @Test
    void aRequiredStageAbsentLongerThanTheDelayIsWarnedAboutWithTheReadingsHeld() {
        Pipeline p = pipeline(PipelineTest.config("DROP_OLDEST", 100, 32L << 20, 200, "tank-map", "tank-rules"));
        p.submit(PipelineTest.reading("meter-1", "power", 1));
        p.submit(PipelineTest.reading("meter-1", "power", 2));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !messages(Level.WARNING).isEmpty());
        assertThat(messages(Level.WARNING)).containsExactly(
                "Required stages absent for 200 ms: [tank-map, tank-rules]; 2 readings are held until they return");

        p.addMapper(NOTHING, props(StageProperties.STAGE_NAME, "tank-map"));
        assertThat(messages(Level.WARNING)).last().asString()
                .isEqualTo("Required stages absent: [tank-rules]; readings are held until they return");
        p.addMapper(NOTHING, props(StageProperties.STAGE_NAME, "tank-rules"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> p.status().held() == 0);
        assertThat(messages(Level.INFO)).contains("Required stages present again; held readings are released");
    }

    @Test
    void delayZeroWarnsAtOnce() {
        pipeline(PipelineTest.config("DROP_OLDEST", 100, 32L << 20, 0, "tank-map"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !messages(Level.WARNING).isEmpty());
        assertThat(messages(Level.WARNING).get(0)).startsWith("Required stages absent for 0 ms: [tank-map]");
    }

    @Test
    void aDelayOutOfRangeIsRefusedNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> pipeline(PipelineTest.config("DROP_OLDEST", 100, 32L << 20, -1, "tank-map")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("absentStagesWarnDelayMs '-1' must be between 0 and 3600000");
    }
}
