package io.plantwire.sink.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class JsonBytesPoolTest {

    @Test
    void aBufferGivenBackIsTakenAgainEmptyAndAnEmptyPoolMakesNewOnes() {
        JsonBytesPool pool = new JsonBytesPool(2, 64, 1024);
        JsonBytes a = pool.take();
        a.ascii("{\"leftover\":1}");
        pool.give(a);
        assertThat(pool.kept()).isOne();
        JsonBytes again = pool.take();
        assertThat(again).isSameAs(a);
        assertThat(again.size()).as("taken empty").isZero();
        assertThat(pool.take()).as("none kept: a new one").isNotSameAs(a);
    }

    @Test
    void keepsNoMoreThanItsSlotsAndNoBufferThatGrewPastTheLimit() {
        JsonBytesPool pool = new JsonBytesPool(2, 16, 64);
        pool.give(pool.take());
        pool.give(new JsonBytes(16));
        pool.give(new JsonBytes(16));
        assertThat(pool.kept()).isEqualTo(2);

        JsonBytesPool small = new JsonBytesPool(4, 16, 64);
        JsonBytes grown = small.take();
        grown.raw(new byte[100]);
        small.give(grown);
        assertThat(small.kept()).as("a buffer of %d bytes is let go", grown.capacity()).isZero();
        small.give(null);
        assertThat(small.kept()).isZero();
    }

    @Test
    void arrayAndSizeAreTheBytesWrittenWithoutACopy() {
        JsonBytes b = new JsonBytesPool().take();
        b.ascii("{\"level\":").number(2.5).raw('}');
        assertThat(new String(b.array(), 0, b.size(), StandardCharsets.UTF_8)).isEqualTo("{\"level\":2.5}");
        assertThat(b.array()).isSameAs(b.array());
        assertThat(b.capacity()).isEqualTo(b.array().length);
    }

    @Test
    void threadsThatEncodeAtTheSameTimeNeverShareABuffer() throws Exception {
        JsonBytesPool pool = new JsonBytesPool(2, 16, 1 << 16);
        int threads = 6;
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String mine = "thread-" + t + ";";
                results.add(ex.submit(() -> {
                    start.await();
                    int wrong = 0;
                    for (int i = 0; i < 20_000; i++) {
                        JsonBytes b = pool.take();
                        b.ascii(mine).ascii(mine);
                        if (!new String(b.array(), 0, b.size(), StandardCharsets.US_ASCII).equals(mine + mine)) {
                            wrong++;
                        }
                        pool.give(b);
                    }
                    return wrong;
                }));
            }
            start.countDown();
            for (Future<Integer> f : results) {
                assertThat(f.get()).as("buffers written by another thread meanwhile").isZero();
            }
        } finally {
            ex.shutdownNow();
        }
        assertThat(pool.kept()).isBetween(1, 2);
    }

    @Test
    void refusesASizeThatCannotWork() {
        assertThatThrownBy(() -> new JsonBytesPool(0, 16, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slots 0");
        assertThatThrownBy(() -> new JsonBytesPool(2, 128, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetainedBytes 64");
    }
}
