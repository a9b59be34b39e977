package io.plantwire.simulator.modbus;

import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One simulated Modbus device (one unit id) with its registers, the profile that moves its values, fault injection
 * and request counters.
 *
 * <p>Values are computed from the time of each request rather than by a ticking thread, so a device costs nothing
 * while nobody polls it and an idle simulator has no threads besides its server's.
 */
@ProviderType
public final class SimulatedDevice {

    /** Power meter: voltage in V, float32 ABCD holding registers 0-1. */
    public static final int PM_VOLTAGE = 0;
    /** Power meter: current in A, holding 2-3. */
    public static final int PM_CURRENT = 2;
    /** Power meter: active power in W, holding 4-5. */
    public static final int PM_ACTIVE_POWER = 4;
    /** Power meter: imported active energy in Wh, holding 6-7; only grows. */
    public static final int PM_ENERGY = 6;
    /** Power meter: frequency in Hz, holding 8-9. */
    public static final int PM_FREQUENCY = 8;
    /** Power meter: power factor, holding 10-11. */
    public static final int PM_POWER_FACTOR = 10;
    /** Power meter: demand limit in W, holding 100-101, writable (kept as written). */
    public static final int PM_DEMAND_LIMIT = 100;
    /** Power meter: breaker closed, coil 0, writable. */
    public static final int PM_BREAKER_COIL = 0;

    private final int unitId;
    private final Profile profile;
    private final int tanks;
    private final RegisterBank registers = new RegisterBank();
    private final Random noise;
    private final long startNanos = System.nanoTime();
    private final ArrayDeque<Fault> pendingFaults = new ArrayDeque<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLongArray requestsByFunction = new AtomicLongArray(128);

    private volatile boolean frozen;
    private Fault periodicFault;
    private int periodicEvery;
    private long lastUpdateNanos;
    private double energyWh;

    /**
     * A device with the given unit id and profile.
     *
     * @param unitId the Modbus unit id it answers to, 0-255
     * @param profile what it simulates
     * @param tanks how many tanks a {@link Profile#TEMPERATURE_READER} measures (1-100); ignored otherwise
     * @param seed seed of the noise on the values, so a scenario is repeatable
     */
    public SimulatedDevice(int unitId, Profile profile, int tanks, long seed) {
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unitId must be 0-255, got " + unitId);
        }
        if (profile == Profile.TEMPERATURE_READER && (tanks < 1 || tanks > 100)) {
            throw new IllegalArgumentException("tanks must be 1-100, got " + tanks);
        }
        this.unitId = unitId;
        this.profile = profile;
        this.tanks = tanks;
        this.noise = new Random(seed);
        this.energyWh = 1_000_000 + unitId * 250_000;
        this.lastUpdateNanos = startNanos;
        if (profile == Profile.POWER_METER) {
            registers.setHoldingFloat(PM_DEMAND_LIMIT, 50_000f);
            registers.setCoil(PM_BREAKER_COIL, true);
        }
        if (profile == Profile.TEMPERATURE_READER) {
            for (int t = 0; t < tanks; t++) {
                registers.setDiscreteInput(t, true);
            }
        }
        refresh();
    }

    public int unitId() {
        return unitId;
    }

    public Profile profile() {
        return profile;
    }

    /** The device's registers; tests may write them (freeze the device first so the profile does not overwrite). */
    public RegisterBank registers() {
        return registers;
    }

    /** Stops (true) or resumes (false) the profile moving the values. */
    public void freeze(boolean freeze) {
        this.frozen = freeze;
    }

    /** The next {@code count} requests to this device show the fault instead of a normal reply. */
    public synchronized void injectFault(Fault fault, int count) {
        for (int i = 0; i < count; i++) {
            pendingFaults.add(fault);
        }
    }

    /** Every {@code every}-th request shows the fault (0 switches it off); for demos. */
    public synchronized void setPeriodicFault(Fault fault, int every) {
        this.periodicFault = every > 0 ? fault : null;
        this.periodicEvery = every;
    }

    /** Forgets pending and periodic faults. */
    public synchronized void clearFaults() {
        pendingFaults.clear();
        periodicFault = null;
        periodicEvery = 0;
    }

    /** Requests this device received since start or the last {@link #resetCounters()}. */
    public long requestCount() {
        return requests.get();
    }

    /** Requests with the given function code (e.g. 3 = read holding registers). */
    public long requestCount(int functionCode) {
        return requestsByFunction.get(functionCode & 0x7F);
    }

    public void resetCounters() {
        requests.set(0);
        for (int i = 0; i < requestsByFunction.length(); i++) {
            requestsByFunction.set(i, 0);
        }
    }

    /** Counts a request and returns the fault it must show, or null. Called by the server. */
    synchronized Fault onRequest(int functionCode) {
        long n = requests.incrementAndGet();
        requestsByFunction.incrementAndGet(functionCode & 0x7F);
        Fault f = pendingFaults.poll();
        if (f == null && periodicFault != null && n % periodicEvery == 0) {
            f = periodicFault;
        }
        return f;
    }

    /** Brings the profile's values up to now. Called by the server before it serves a request. */
    void refresh() {
        if (frozen || profile == Profile.BLANK) {
            return;
        }
        long now = System.nanoTime();
        double t = (now - startNanos) / 1e9;
        registers.update(() -> {
            if (profile == Profile.POWER_METER) {
                refreshPowerMeter(now, t);
            } else {
                refreshTemperatures(t);
            }
        });
    }

    private void refreshPowerMeter(long now, double t) {
        double phase = unitId * 1.3;
        double voltage = 230 + 3 * Math.sin(2 * Math.PI * t / 60 + phase) + noise.nextGaussian() * 0.3;
        double current = 40 + 15 * Math.sin(2 * Math.PI * t / 120 + phase) + noise.nextGaussian() * 0.5;
        double pf = 0.93 + 0.03 * Math.sin(2 * Math.PI * t / 300 + phase);
        // Three-phase load: P = sqrt(3) * U(line-line) * I * pf, with U(line-line) = sqrt(3) * U(line-neutral).
        double powerW = 3 * voltage * current * pf;
        if (!registers.coil(PM_BREAKER_COIL)) {
            current = 0;
            powerW = 0;
        }
        energyWh += powerW * (now - lastUpdateNanos) / 3.6e12;
        lastUpdateNanos = now;
        registers.setHoldingFloat(PM_VOLTAGE, (float) voltage);
        registers.setHoldingFloat(PM_CURRENT, (float) current);
        registers.setHoldingFloat(PM_ACTIVE_POWER, (float) powerW);
        registers.setHoldingFloat(PM_ENERGY, (float) energyWh);
        registers.setHoldingFloat(PM_FREQUENCY, (float) (50 + 0.02 * Math.sin(2 * Math.PI * t / 17)));
        registers.setHoldingFloat(PM_POWER_FACTOR, (float) pf);
    }

    private void refreshTemperatures(double t) {
        for (int tank = 0; tank < tanks; tank++) {
            double celsius = 40 + 5 * tank + 2 * Math.sin(2 * Math.PI * t / 90 + tank) + noise.nextGaussian() * 0.1;
            registers.setInputRegister(tank, (int) Math.round(celsius * 10));
        }
    }

    @Override
    public String toString() {
        return "SimulatedDevice[unit " + unitId + ", " + profile.configName() + "]";
    }
}
