package io.plantwire.runtime.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.sun.management.HotSpotDiagnosticMXBean;

class HeapGovernorTest {

    /** A JVM whose old collections the test counts up; refuses a minimum above the maximum, as HotSpot does. */
    static class FakeVm implements HeapGovernor.Vm {
        final Map<String, Integer> flags = new HashMap<>(Map.of(HeapGovernor.MIN_FREE, 10, HeapGovernor.MAX_FREE, 20));
        final List<String> calls = new ArrayList<>();
        long collections;

        @Override
        public long oldCollections() {
            return collections;
        }

        @Override
        public int flag(String name) {
            return flags.get(name);
        }

        @Override
        public void setFlag(String name, int value) {
            Map<String, Integer> next = new HashMap<>(flags);
            next.put(name, value);
            if (next.get(HeapGovernor.MIN_FREE) > next.get(HeapGovernor.MAX_FREE)) {
                throw new IllegalArgumentException(name + "=" + value + " would put the minimum above the maximum");
            }
            flags.putAll(next);
            calls.add(name + "=" + value);
        }

        @Override
        public void collect() {
            collections++;
            calls.add("gc");
        }
    }

    private final FakeVm vm = new FakeVm();
    private final HeapGovernor governor = new HeapGovernor(vm, new HeapGovernor.Settings(true, 40, 70), false);

    private void window(int fullCollections) {
        vm.collections += fullCollections;
        governor.tick();
    }

    @Test
    void aFewFullCollectionsLeaveTheRatiosAlone() {
        window(HeapGovernor.LOADED_COLLECTIONS - 1);
        window(0);
        window(HeapGovernor.LOADED_COLLECTIONS - 1);
        assertThat(governor.loaded()).isFalse();
        assertThat(vm.calls).isEmpty();
    }

    @Test
    void loadRaisesTheRatiosMaximumFirstAndCalmBringsThemBackWithOneCollection() {
        window(35);
        assertThat(governor.loaded()).isTrue();
        assertThat(vm.calls).containsExactly("MaxHeapFreeRatio=70", "MinHeapFreeRatio=40");

        window(30); // still under load: nothing changes
        window(1); // one calm window is not enough
        window(12);
        window(1);
        assertThat(governor.loaded()).isTrue();
        assertThat(vm.calls).hasSize(2);

        window(0);
        assertThat(governor.loaded()).isFalse();
        assertThat(vm.calls).containsExactly("MaxHeapFreeRatio=70", "MinHeapFreeRatio=40", "MinHeapFreeRatio=10",
                "MaxHeapFreeRatio=20", "gc");

        window(0); // the governor's own collection is not counted as load
        assertThat(governor.loaded()).isFalse();
        window(HeapGovernor.LOADED_COLLECTIONS);
        assertThat(governor.loaded()).as("a second load").isTrue();
    }

    @Test
    void startRatiosAboveTheLoadRatiosAreNeverLowered() {
        vm.flags.put(HeapGovernor.MIN_FREE, 50);
        vm.flags.put(HeapGovernor.MAX_FREE, 90);
        HeapGovernor generous = new HeapGovernor(vm, new HeapGovernor.Settings(true, 40, 70), false);
        vm.collections += 20;
        generous.tick();
        assertThat(vm.flags).containsEntry(HeapGovernor.MIN_FREE, 50).containsEntry(HeapGovernor.MAX_FREE, 90);
    }

    @Test
    void aFlagTheJvmRefusesStopsTheGovernorWithoutAnException() {
        FakeVm refusing = new FakeVm() {
            @Override
            public void setFlag(String name, int value) {
                throw new IllegalArgumentException("not manageable: " + name);
            }
        };
        HeapGovernor g = new HeapGovernor(refusing, new HeapGovernor.Settings(true, 40, 70), false);
        refusing.collections += 50;
        g.tick();
        assertThat(g.loaded()).isFalse();
    }

    @Test
    void settingsAreReadAndCheckedWithThePropertyNamed() {
        assertThat(HeapGovernor.Settings.read(new Properties())).isEqualTo(new HeapGovernor.Settings(false, 40, 70));
        Properties p = new Properties();
        p.setProperty(HeapGovernor.ENABLED, "on");
        p.setProperty(HeapGovernor.LOAD_MIN_FREE, "30");
        p.setProperty(HeapGovernor.LOAD_MAX_FREE, "50");
        assertThat(HeapGovernor.Settings.read(p)).isEqualTo(new HeapGovernor.Settings(true, 30, 50));

        Properties wrong = new Properties();
        wrong.setProperty(HeapGovernor.ENABLED, "maybe");
        assertThatThrownBy(() -> HeapGovernor.Settings.read(wrong)).hasMessageContaining(HeapGovernor.ENABLED)
                .hasMessageContaining("'maybe'");
        Properties crossed = new Properties();
        crossed.setProperty(HeapGovernor.LOAD_MIN_FREE, "80");
        assertThatThrownBy(() -> HeapGovernor.Settings.read(crossed)).hasMessageContaining(HeapGovernor.LOAD_MIN_FREE)
                .hasMessageContaining("80");
        Properties outOfRange = new Properties();
        outOfRange.setProperty(HeapGovernor.LOAD_MAX_FREE, "101");
        assertThatThrownBy(() -> HeapGovernor.Settings.read(outOfRange))
                .hasMessageContaining(HeapGovernor.LOAD_MAX_FREE).hasMessageContaining("101");
    }

    /** What the governor relies on in the real JVM: both ratios are manageable and take a new value at run time. */
    @Test
    void thisJvmLetsBothRatiosChangeAtRunTime() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = hotSpot.getVMOption(HeapGovernor.MIN_FREE).getValue();
        String max = hotSpot.getVMOption(HeapGovernor.MAX_FREE).getValue();
        assertThat(hotSpot.getVMOption(HeapGovernor.MIN_FREE).isWriteable()).isTrue();
        assertThat(hotSpot.getVMOption(HeapGovernor.MAX_FREE).isWriteable()).isTrue();
        try {
            hotSpot.setVMOption(HeapGovernor.MAX_FREE, "90");
            hotSpot.setVMOption(HeapGovernor.MIN_FREE, "45");
            assertThat(hotSpot.getVMOption(HeapGovernor.MIN_FREE).getValue()).isEqualTo("45");
        } finally {
            hotSpot.setVMOption(HeapGovernor.MIN_FREE, min);
            hotSpot.setVMOption(HeapGovernor.MAX_FREE, max);
        }
    }
}
