package io.plantwire.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoredRecord;
import io.plantwire.store.deadletter.DeadLetterFullPolicy;
import io.plantwire.store.deadletter.DeadLetterOptions;
import io.plantwire.store.deadletter.DeadLetterStore;
import io.plantwire.store.deadletter.DeadLetters;
import io.plantwire.store.deadletter.SinkDeadLetters;

/**
 * {@code plantwire:deadletters} / {@code plantwire:replay} and the page's dead-letter section over a real
 * {@link DeadLetterStore} and sink queue, with hostile text in the refusal reasons.
 */
class DeadLetterCommandsTest {

    @TempDir
    Path dir;

    StoreAndForwardQueue queue;
    DeadLetterStore store;
    DeadLetterCommands commands = new DeadLetterCommands();

    @BeforeEach
    void open() throws Exception {
        queue = StoreAndForwardQueue.open(dir.resolve("queue"), QueueOptions.defaults());
        store = DeadLetterStore.open(dir.resolve("dead"), new DeadLetterOptions(3, 1 << 20,
                DeadLetterFullPolicy.DROP_OLDEST));
        DeadLetters letters = new SinkDeadLetters("uns", store, queue::append);
        commands.deadLetters = List.of(new AbstractMap.SimpleEntry<>(Map.of("plantwire.stage.name", "uns"), letters));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        queue.close();
    }

    private void refuse(String payload, String reason) throws Exception {
        store.add(payload.getBytes(StandardCharsets.UTF_8), "uns/acme/tank-2", "0x87", reason);
    }

    @Test
    void listsSinksThenOneSinksDeadLettersWithEscapedReasons() throws Exception {
        for (int i = 0; i < 4; i++) {
            refuse("r" + i, "not authorized\u001b[31m\nforged line " + i);
        }
        assertThat(commands.deadletters()).contains("uns").contains("3/3").contains(" 1 "); // one evicted
        String one = commands.deadletters("uns");
        assertThat(one).contains("3 dead letters kept (at most 3 records").contains("1 evicted")
                .contains("0x87").contains("uns/acme/tank-2");
        // control characters of the broker's text are escaped: no terminal escape, no forged line
        assertThat(one).doesNotContain("\u001b").doesNotContain("\nforged");
        assertThat(commands.deadletters("uns", 1)).contains("... 2 more");
        assertThat(commands.deadletters("nope")).startsWith("no sink 'nope' with dead letters; known: uns");
        assertThat(commands.deadletters("uns", 0)).contains("at least 1");
    }

    @Test
    void replaysIntoTheSinksQueueInOrder() throws Exception {
        refuse("r0", "no");
        refuse("r1", "no");
        refuse("r2", "no");
        assertThat(commands.replay("uns", "2")).isEqualTo("replayed 2 of 3 dead letters of sink 'uns' into its "
                + "queue; 1 left");
        assertThat(commands.replay("uns")).contains("replayed 1 of 1").contains("0 left");
        List<String> queued = new ArrayList<>();
        for (StoredRecord r : queue.read(0, 10, Long.MAX_VALUE)) {
            queued.add(new String(r.payload(), StandardCharsets.UTF_8));
        }
        assertThat(queued).containsExactly("r0", "r1", "r2");
        assertThat(commands.replay("uns", "many")).isEqualTo("the count must be a number or 'all', got 'many'");
        assertThat(commands.replay("uns", "-3")).contains("at least 1");
        assertThat(commands.replay("other", "all")).startsWith("no sink 'other'");
    }

    @Test
    void pageAndCommandsWorkWhereTheStorePackageIsMissing() throws Exception {
        // The console resolves before the sink features bring io.plantwire.store (a dynamic import): what DS and the
        // page touch without a DeadLetters service must not need the package.
        ClassLoader without = new WithoutStore(getClass().getClassLoader());
        for (Class<?> c : List.of(PlantwireConsolePlugin.class, DeadLetterCommands.class, GatewaySnapshot.class,
                ConsoleJson.class, DeadLetterView.class)) {
            Class<?> isolated = without.loadClass(c.getName());
            assertThat(isolated.getDeclaredFields()).isNotNull(); // what DS reflects on
            assertThat(isolated.getDeclaredMethods()).isNotNull();
        }
        Class<?> commandsClass = without.loadClass(DeadLetterCommands.class.getName());
        Object isolated = commandsClass.getConstructor().newInstance();
        assertThat(commandsClass.getMethod("deadletters").invoke(isolated))
                .isEqualTo("no sink with dead letters is running");
        assertThat((String) commandsClass.getMethod("replay", String.class).invoke(isolated, "uns"))
                .startsWith("no sink 'uns' with dead letters; known: none");
        // the loader really hides the package
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> without.loadClass(DeadLetterDesk.class.getName()).getDeclaredMethods())
                .isInstanceOf(NoClassDefFoundError.class).hasMessageContaining("io/plantwire/store/");
    }

    /** Loads the console's classes itself and refuses io.plantwire.store.*, as a bundle without the wire would. */
    private static final class WithoutStore extends ClassLoader {

        WithoutStore(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("io.plantwire.store.")) {
                    throw new ClassNotFoundException(name);
                }
                if (!name.startsWith("io.plantwire.console.internal.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (java.io.InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (java.io.IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    @Test
    void thePageJsonCarriesTheDeadLettersAsText() throws Exception {
        refuse("r0", ConsoleJsonTest.HOSTILE);
        LatestRecordSink latest = new LatestRecordSink(ConsoleSettings.DEFAULTS, Clock.fixed(Instant.now(),
                ZoneOffset.UTC));
        GatewaySnapshot snapshot = GatewaySnapshot.take(Instant.now(), List.of(), null, List.of(), latest)
                .withDeadLetters(DeadLetterDesk.views(commands.deadLetters, 5));
        JsonNode root = new ObjectMapper().readTree(ConsoleJson.render(snapshot));
        JsonNode uns = root.get("deadLetters").get(0);
        assertThat(uns.get("sink").asText()).isEqualTo("uns");
        assertThat(uns.get("records").asLong()).isEqualTo(1);
        assertThat(uns.get("maxRecords").asLong()).isEqualTo(3);
        JsonNode entry = uns.get("oldest").get(0);
        assertThat(entry.get("code").asText()).isEqualTo("0x87");
        assertThat(entry.get("destination").asText()).isEqualTo("uns/acme/tank-2");
        assertThat(entry.get("bytes").asInt()).isEqualTo(2);
        // the reason arrives as JSON text, its control characters escaped; the page writes it as a DOM text node
        assertThat(entry.get("reason").asText()).contains("</script>").doesNotContain("\u0007");
        assertThat(ConsoleJson.render(snapshot)).doesNotContain("</script>");
    }
}
