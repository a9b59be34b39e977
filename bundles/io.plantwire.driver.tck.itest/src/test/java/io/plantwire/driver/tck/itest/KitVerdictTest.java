package io.plantwire.driver.tck.itest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The kit must be able to fail: run against sample drivers that each break one rule, it fails exactly the checks
 * of that rule, and it passes the sample driver that keeps the contract.
 */
class KitVerdictTest {

    /** Every check of the kit, by test method name. */
    static final String ACTIVATION = "activationWithAValidConfigurationRegistersADriverServiceWithTheDeviceIdAndReadingsArrive";
    static final String INVALID = "anInvalidConfigurationFailsActivationNamingTheFieldAndOtherDevicesKeepPolling";
    static final String ORDER = "readingsOfOneDeviceArriveInOrderOneThreadAtATimeAndEveryPointHasQualityAndSourceTime";
    static final String UNREACHABLE = "anUnreachableDeviceTurnsBadWithinItsTimeoutAndNeverReportsStaleGoodValues";
    static final String REACHABLE = "aDeviceReachableAgainTurnsGoodAfterReconnectAndStaysGood";
    static final String DELETE = "deletingTheConfigurationLeavesNoThreadSocketOrFileAndNoReadingAfterwards";
    static final String STOP = "stoppingTheBundleLeavesNoThreadSocketOrFileAndNoReadingAfterwards";
    static final String UPDATE = "updatingTheBundleLeavesNoThreadSocketOrFileOfTheOldRevision";
    static final String LOAD = "twentyBundleUpdatesUnderLoadLeaveThreadsAndHeapAtBaseline";
    static final String ON_DEMAND = "onDemandReadReadsOnceWithoutSubmittingOrMovingCounters";
    static final String WRITE = "writeConvertsAndRangeChecksBeforeSendingAndReportsDeviceRefusals";

    static final java.util.Set<String> ALL = java.util.Set.of(ACTIVATION, INVALID, ORDER, UNREACHABLE, REACHABLE, DELETE,
            STOP, UPDATE, LOAD, ON_DEMAND, WRITE);

    @AfterAll
    static void endLeakedThreads() {
        // The leaky sample driver's threads end only when interrupted; nothing else in this framework should see them.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("tck-sample-leaked-")) {
                t.interrupt();
            }
        }
    }

    @Test
    void aDriverThatKeepsTheContractPassesEveryCheck() {
        KitRun run = KitRun.of(CorrectDriverConformance.class);
        assertThat(run.all()).as(run.toString()).isEqualTo(ALL);
        assertThat(run.passed).as(run.toString()).isEqualTo(ALL);
    }

    @Test
    void aDriverThatLeaksAThreadFailsTheLifecycleChecksOnly() {
        KitRun run = KitRun.of(LeakyDriverConformance.class);
        assertThat(run.failed.keySet()).as(run.toString()).containsExactlyInAnyOrder(DELETE, STOP, UPDATE, LOAD);
        assertThat(run.failed.get(DELETE)).contains("tck-sample-leaked-");
        assertThat(run.skipped).as(run.toString()).isEmpty();
    }

    @Test
    void aDriverThatReportsStaleGoodValuesFailsTheUnreachableCheckOnly() {
        KitRun run = KitRun.of(StaleDriverConformance.class);
        assertThat(run.failed.keySet()).as(run.toString()).containsExactly(UNREACHABLE);
        assertThat(run.failed.get(UNREACHABLE)).contains("did not report its points BAD");
        assertThat(run.skipped).as(run.toString()).isEmpty();
    }

    @Test
    void aDriverThatIgnoresAnInvalidConfigurationFailsTheInvalidConfigurationCheckOnly() {
        KitRun run = KitRun.of(LaxDriverConformance.class);
        assertThat(run.failed.keySet()).as(run.toString()).containsExactly(INVALID);
        assertThat(run.failed.get(INVALID)).contains("accepted an invalid configuration (port = 70000)");
        assertThat(run.skipped).as(run.toString()).isEmpty();
    }

    @Test
    void aDescriptorWithoutSlackFailsEveryCheckNamingIt() {
        KitRun run = KitRun.of(ZeroSlackConformance.class);
        assertThat(run.failed.keySet()).as(run.toString()).isEqualTo(ALL);
        assertThat(run.failed.values()).as(run.toString())
                .allMatch(failure -> failure.contains(".slack() returned PT0S; it must be more than zero"));
    }
}
