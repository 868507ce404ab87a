package io.radinfer.hw.sim;

import io.radinfer.hw.profile.AcceleratorSpec;
import io.radinfer.hw.profile.DvfsState;
import io.radinfer.hw.profile.HardwareProfile;
import io.radinfer.runtime.governor.OperatingPoint;

import java.util.List;

/**
 * The time and energy model of one model on one target: for each operating point, how long a request takes
 * and how much energy it needs. Energy per op: on the CPU {@code t * threads * P_core(dvfs)} (the DVFS table's
 * all-core dynamic power shared per core; busy cores draw it whether they compute or wait on memory), on
 * the accelerator {@code t * (P_active - P_idle)}, plus {@code bytes * e_byte} for the memory traffic;
 * static power ({@link #idlePowerW()}) is paid all the time on top. The simulator and the governor share
 * this model; costs are computed once per operating point and cached.
 */
public final class PlantModel {
    private final HardwareProfile profile;
    private final ModelShape model;
    private final RequestShape request;
    private final RooflineModel roofline;
    private final List<Workload> work;
    private final OperatingCost[][][] cache;

    public PlantModel(HardwareProfile profile, KernelEfficiency efficiency, ModelShape model, RequestShape request) {
        this.profile = profile;
        this.model = model;
        this.request = request;
        this.roofline = new RooflineModel(profile, efficiency);
        this.work = Workload.request(model, request.promptTokens(), request.generateTokens(), request.prefillBatch());
        this.cache = new OperatingCost[profile.cpu().coreCount() + 1][profile.cpu().dvfsStates().size()][2];
    }

    public HardwareProfile profile() {
        return profile;
    }

    public ModelShape model() {
        return model;
    }

    public RequestShape request() {
        return request;
    }

    /** Power drawn when nothing computes: static power plus an idle accelerator. */
    public double idlePowerW() {
        return profile.idlePowerW();
    }

    public boolean hasAccelerator() {
        return profile.acceleratorSpec().isPresent();
    }

    /** The cost at operating point {@code p} (its protection and duty cycle do not enter here). */
    public OperatingCost cost(OperatingPoint p) {
        return cost(p.threads(), p.dvfsState(), p.offload());
    }

    /**
     * The cost of one request at {@code threads} threads, DVFS state {@code dvfs}, with or without offload.
     *
     * @throws IllegalArgumentException if the point does not exist on this target
     */
    public OperatingCost cost(int threads, int dvfs, boolean offload) {
        int cores = profile.cpu().coreCount();
        if (threads < 1 || threads > cores || dvfs < 0 || dvfs > profile.cpu().topState() || (offload && !hasAccelerator())) {
            throw new IllegalArgumentException("no operating point " + threads + " threads / DVFS " + dvfs + " / offload "
                    + offload + " on " + profile.name() + " (" + cores + " cores, " + profile.cpu().dvfsStates().size()
                    + " DVFS states, " + (hasAccelerator() ? "an" : "no") + " accelerator)");
        }
        OperatingCost c = cache[threads][dvfs][offload ? 1 : 0];
        if (c == null) {
            c = compute(threads, dvfs, offload);
            cache[threads][dvfs][offload ? 1 : 0] = c;
        }
        return c;
    }

    private OperatingCost compute(int threads, int dvfs, boolean offload) {
        DvfsState state = profile.cpu().dvfsStates().get(dvfs);
        double cpuPower = state.powerPerCoreW(profile.cpu().coreCount()) * threads;
        double joulesPerByte = profile.memory().energyPjPerByte().value() * 1e-12;
        boolean quantized = model.weightType().isQuantized();
        AcceleratorSpec acc = profile.accelerator();
        double accPower = acc == null ? 0 : acc.powerActiveW().value() - acc.powerIdleW().value();
        double seconds = 0;
        double compute = 0;
        double dram = 0;
        int tokens = 0;
        for (Workload w : work) {
            tokens += w.generatedTokens();
            for (Op op : w.ops()) {
                double t;
                if (offload && op.opClass().offloadable()) {
                    t = roofline.acceleratorSeconds(op, quantized);
                    compute += t * accPower;
                } else {
                    t = roofline.cpuSeconds(op, threads, dvfs);
                    compute += t * cpuPower;
                }
                seconds += t;
                dram += op.bytes() * joulesPerByte;
            }
        }
        return new OperatingCost(threads, dvfs, offload, seconds, tokens, compute, dram);
    }
}
