package io.plantwire.runtime.launch;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Lets the heap grow while the gateway is under load, and gives the memory back when the load is over.
 *
 * <p>The default flags keep the old generation just above what is live (free ratios 10/20: after a full collection
 * at most 20 % is kept free), which is what keeps an idle gateway near its footprint target. Under load that makes
 * the old generation fill within a fraction of a second, and full collections took a fifth of the wall time in the
 * wide benchmark (docs/decisions/heap-governor.md). Both ratios are manageable flags of HotSpot, so they can change
 * while the JVM runs: every {@value #WINDOW_SECONDS} s this counts the old generation's collections; at
 * {@value #LOADED_COLLECTIONS} or more in a window it raises the ratios (default 40/70, the heap then grows up to
 * {@code -Xmx}); after {@value #CALM_WINDOWS} windows in a row with at most {@value #CALM_COLLECTIONS} it sets the
 * start values again and asks for one full collection, which is when the JVM shrinks the heap and returns the pages.
 *
 * <p>On with {@code -Dplantwire.heap.governor=on}; off by default, because below saturation it cost CPU and latency
 * in the measurement (the decision note). It stays off by itself when the JVM's collector has no old generation it
 * can find or the flags cannot be set (another JVM, other collector flags).
 */
final class HeapGovernor implements AutoCloseable {

    static final String ENABLED = "plantwire.heap.governor";
    static final String LOAD_MIN_FREE = "plantwire.heap.loadMinFreePercent";
    static final String LOAD_MAX_FREE = "plantwire.heap.loadMaxFreePercent";
    static final int WINDOW_SECONDS = 30;
    static final int LOADED_COLLECTIONS = 10;
    static final int CALM_COLLECTIONS = 1;
    static final int CALM_WINDOWS = 2;
    static final String MIN_FREE = "MinHeapFreeRatio";
    static final String MAX_FREE = "MaxHeapFreeRatio";

    /** The JVM as the governor sees it; a seam for tests. */
    interface Vm {
        /** Collections of the old generation since start, or -1 if none can be found. */
        long oldCollections();

        int flag(String name);

        void setFlag(String name, int value);

        /** One full collection: the moment the JVM shrinks the heap to the ratios. */
        void collect();
    }

    /** What the governor may do, from system properties. */
    record Settings(boolean enabled, int loadMinFree, int loadMaxFree) {

        /** @throws IllegalArgumentException naming the property and the value at fault */
        static Settings read(Properties system) {
            String enabled = system.getProperty(ENABLED, "off").trim();
            if (!enabled.equals("on") && !enabled.equals("off")) {
                throw new IllegalArgumentException(ENABLED + " '" + enabled + "' must be on or off");
            }
            int min = (int) GatewayLogging.number(system, LOAD_MIN_FREE, 40, 0, 100);
            int max = (int) GatewayLogging.number(system, LOAD_MAX_FREE, 70, 0, 100);
            if (min > max) {
                throw new IllegalArgumentException(LOAD_MIN_FREE + " " + min + " is above " + LOAD_MAX_FREE + " " + max);
            }
            return new Settings(enabled.equals("on"), min, max);
        }
    }

    private static final Logger LOG = Logger.getLogger(HeapGovernor.class.getName());

    private final Vm vm;
    private final Settings settings;
    private final int startMinFree;
    private final int startMaxFree;
    private final ScheduledExecutorService timer;
    private long lastCount;
    private boolean loaded;
    private int calmWindows;

    HeapGovernor(Vm vm, Settings settings, boolean schedule) {
        this.vm = vm;
        this.settings = settings;
        this.startMinFree = vm.flag(MIN_FREE);
        this.startMaxFree = vm.flag(MAX_FREE);
        this.lastCount = vm.oldCollections();
        if (schedule) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "plantwire-heap-governor");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::tick, WINDOW_SECONDS, WINDOW_SECONDS, TimeUnit.SECONDS);
        } else {
            timer = null;
        }
    }

    /**
     * Starts watching this JVM, or returns null (and says why in the log) when it is off or cannot work here.
     */
    static HeapGovernor start(Settings settings) {
        if (!settings.enabled()) {
            LOG.info("Heap governor off (" + ENABLED + "=on turns it on): the heap keeps its start-up free ratios "
                    + "under load");
            return null;
        }
        try {
            Vm vm = new PlatformVm();
            if (vm.oldCollections() < 0) {
                LOG.info("Heap governor off: no old-generation collector found among "
                        + ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                                .toList());
                return null;
            }
            HeapGovernor governor = new HeapGovernor(vm, settings, true);
            LOG.info("Heap governor on: free ratios " + governor.startMinFree + "/" + governor.startMaxFree + ", "
                    + settings.loadMinFree() + "/" + settings.loadMaxFree() + " while there are " + LOADED_COLLECTIONS
                    + " or more full collections in " + WINDOW_SECONDS + " s");
            return governor;
        } catch (RuntimeException | LinkageError e) {
            LOG.info("Heap governor off: the JVM's heap flags cannot be read or set here (" + e + ")");
            return null;
        }
    }

    /** One window: called every {@value #WINDOW_SECONDS} s. */
    void tick() {
        try {
            long count = vm.oldCollections();
            long inWindow = count - lastCount;
            lastCount = count;
            if (!loaded) {
                if (inWindow >= LOADED_COLLECTIONS) {
                    // Max first: the JVM refuses a minimum above the maximum at every step.
                    vm.setFlag(MAX_FREE, Math.max(settings.loadMaxFree(), startMaxFree));
                    vm.setFlag(MIN_FREE, Math.max(settings.loadMinFree(), startMinFree));
                    loaded = true;
                    calmWindows = 0;
                    LOG.info("Heap under load: " + inWindow + " full collections in " + WINDOW_SECONDS
                            + " s; the heap may grow now (free ratios " + vm.flag(MIN_FREE) + "/" + vm.flag(MAX_FREE)
                            + " instead of " + startMinFree + "/" + startMaxFree + ")");
                }
                return;
            }
            calmWindows = inWindow <= CALM_COLLECTIONS ? calmWindows + 1 : 0;
            if (calmWindows >= CALM_WINDOWS) {
                vm.setFlag(MIN_FREE, startMinFree);
                vm.setFlag(MAX_FREE, startMaxFree);
                loaded = false;
                LOG.info("Heap load over: free ratios back to " + startMinFree + "/" + startMaxFree
                        + "; one full collection returns the memory the load took");
                vm.collect();
                lastCount = vm.oldCollections(); // that collection is ours, not load
            }
        } catch (RuntimeException e) {
            LOG.warning("Heap governor: " + e + "; it stops, the heap keeps the ratios it has now");
            close();
        }
    }

    /** Whether the load ratios are in force. */
    boolean loaded() {
        return loaded;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** This JVM through its management beans. */
    private static final class PlatformVm implements Vm {

        private final HotSpotDiagnosticMXBean hotSpot = ManagementFactory
                .getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        private final GarbageCollectorMXBean old = oldCollector();

        /** Serial's and Parallel's old collectors; G1's "G1 Old Generation" and others' names as the JDK gives them. */
        private static GarbageCollectorMXBean oldCollector() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                String name = gc.getName();
                if (name.equals("MarkSweepCompact") || name.equals("PS MarkSweep")
                        || name.equals("G1 Old Generation")) {
                    return gc;
                }
            }
            return null;
        }

        @Override
        public long oldCollections() {
            return old == null ? -1 : old.getCollectionCount();
        }

        @Override
        public int flag(String name) {
            return Integer.parseInt(hotSpot.getVMOption(name).getValue());
        }

        @Override
        public void setFlag(String name, int value) {
            hotSpot.setVMOption(name, Integer.toString(value));
        }

        @Override
        public void collect() {
            System.gc();
        }
    }
}
