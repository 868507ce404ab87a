package io.radinfer.hw.sim;

import io.radinfer.hw.profile.AcceleratorSpec;
import io.radinfer.hw.profile.HardwareProfile;

/**
 * The time of one op on a target: the roofline {@code t = max(flops / (peak * eta), bytes / (bw * share))}
 * on the CPU, where the peak scales with the threads used and the DVFS clock and the efficiencies come from
 * the host calibration; on the accelerator {@code t = launch + max(flops / (peak * eff), bytes / bw)}, with
 * the int8 peak for quantized weights and the f32 peak otherwise. Memory bandwidth does not scale with the
 * core clock (the memory runs on its own clock).
 */
public final class RooflineModel {
    private final HardwareProfile target;
    private final KernelEfficiency efficiency;

    public RooflineModel(HardwareProfile target, KernelEfficiency efficiency) {
        this.target = target;
        this.efficiency = efficiency;
    }

    public HardwareProfile target() {
        return target;
    }

    /** Seconds for {@code op} on {@code threads} CPU cores at DVFS state {@code dvfs}. */
    public double cpuSeconds(Op op, int threads, int dvfs) {
        double flopsPerS = target.cpu().peakF32Gflops(threads, dvfs) * 1e9 * efficiency.compute(op.opClass(), threads);
        double share = efficiency.bandwidthShare((double) threads / target.cpu().coreCount());
        double bytesPerS = target.memory().bandwidthGbs().value() * 1e9 * share;
        return Math.max(op.flops() / flopsPerS, op.bytes() / bytesPerS);
    }

    /**
     * Seconds for {@code op} on the accelerator.
     *
     * @throws IllegalStateException if the target has no accelerator
     */
    public double acceleratorSeconds(Op op, boolean quantizedWeights) {
        AcceleratorSpec a = target.acceleratorSpec().orElseThrow(
                () -> new IllegalStateException(target.name() + " has no accelerator to offload to"));
        double peak = (quantizedWeights ? a.peakInt8Gops() : a.peakF32Gflops()).value() * 1e9 * a.efficiency().value();
        double bw = a.bandwidthGbs().value() * 1e9;
        return a.launchOverheadUs().value() * 1e-6 + Math.max(op.flops() / peak, op.bytes() / bw);
    }
}
