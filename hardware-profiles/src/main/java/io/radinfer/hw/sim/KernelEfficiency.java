package io.radinfer.hw.sim;

import io.radinfer.hw.profile.CalibrationPoint;
import io.radinfer.hw.profile.HardwareProfile;
import io.radinfer.hw.profile.HostCalibration;
import io.radinfer.hw.profile.ProfileException;

import java.util.Objects;

/**
 * How close radinfer's kernels get to a machine's peak, derived from the host calibration and the host's
 * peak, and applied to every target's peak compute and bandwidth.
 *
 * <ul>
 * <li>Compute efficiency per core: {@code eta_matmul(n) = matmul_gflops(n) / (n * host_peak_per_core)};
 *     {@code eta_matvec(n) = q8_matvec_flops(n) / (n * host_peak_per_core)} with
 *     {@code q8_matvec_flops = q8_0_matvec_gbs * 2 * 32/34} (a lower bound when the host matvec was
 *     memory-bound: conservative on targets). A target at {@code n} threads uses the calibration point with
 *     the most threads not above {@code n}.</li>
 * <li>Bandwidth share: {@code read_gbs(n) / host_bandwidth} at the core fraction {@code n / host_cores}, linear
 *     between measured points and through (0, 0): a target reaches the same share of its bandwidth at the
 *     same fraction of its cores.</li>
 * </ul>
 * With these, the roofline on the host reproduces the calibration: the Q8_0 matvec takes
 * {@code max(bytes/q8_0_matvec_gbs, bytes/read_gbs) = bytes/q8_0_matvec_gbs}.
 */
public final class KernelEfficiency {
    private static final double Q8_FLOPS_PER_BYTE = 2.0 * 32 / 34;

    private final HostCalibration calibration;
    private final double hostPeakPerCoreGflops;
    private final int hostCores;
    private final double hostBandwidthGbs;

    private KernelEfficiency(HostCalibration calibration, double hostPeakPerCoreGflops, int hostCores) {
        this.calibration = calibration;
        this.hostPeakPerCoreGflops = hostPeakPerCoreGflops;
        this.hostCores = hostCores;
        this.hostBandwidthGbs = calibration.maxReadBandwidthGbs();
    }

    /**
     * The efficiencies measured by {@code calibration} on the machine {@code host} describes.
     *
     * @throws ProfileException if a measured rate exceeds the host's peak (the host profile's peak or the
     *     calibration is wrong), naming the calibration and the field
     */
    public static KernelEfficiency from(HardwareProfile host, HostCalibration calibration) throws ProfileException {
        Objects.requireNonNull(calibration, "calibration");
        int cores = host.cpu().coreCount();
        double perCore = host.cpu().peakF32Gflops().value() / cores;
        KernelEfficiency e = new KernelEfficiency(calibration, perCore, cores);
        for (int i = 0; i < calibration.points().size(); i++) {
            CalibrationPoint p = calibration.points().get(i);
            double peak = perCore * p.threads();
            if (p.matmulGflops() > peak) {
                throw new ProfileException(calibration.source(), "points[" + i + "].matmul_gflops", p.matmulGflops()
                        + " GFLOP/s at " + p.threads() + " threads exceeds the host peak of " + peak
                        + " GFLOP/s (host profile cpu.peak_f32_gflops); correct the peak or the measurement");
            }
            if (p.q8MatvecGbs() * Q8_FLOPS_PER_BYTE > peak) {
                throw new ProfileException(calibration.source(), "points[" + i + "].q8_0_matvec_gbs", p.q8MatvecGbs()
                        + " GB/s implies more than the host peak of " + peak + " GFLOP/s");
            }
        }
        return e;
    }

    public HostCalibration calibration() {
        return calibration;
    }

    /** The share of per-core peak a kernel of class {@code c} reaches at {@code threads} threads. */
    public double compute(OpClass c, int threads) {
        CalibrationPoint p = calibration.pointAtMost(threads);
        double perThreadPeak = hostPeakPerCoreGflops * p.threads();
        return switch (c) {
            case MATMUL -> p.matmulGflops() / perThreadPeak;
            // Attention and the elementwise ops stream data through simple loops, like the matvec.
            case MATVEC, ATTENTION, ELEMENTWISE -> p.q8MatvecGbs() * Q8_FLOPS_PER_BYTE / perThreadPeak;
        };
    }

    /** The share of a machine's bandwidth reachable with {@code coreFraction} of its cores busy, in (0, 1]. */
    public double bandwidthShare(double coreFraction) {
        double f = Math.clamp(coreFraction, 0, 1);
        double prevX = 0;
        double prevY = 0;
        for (CalibrationPoint p : calibration.points()) {
            double x = Math.min(1.0, (double) p.threads() / hostCores);
            double y = p.readBandwidthGbs() / hostBandwidthGbs;
            if (f <= x) {
                return x == prevX ? y : prevY + (y - prevY) * (f - prevX) / (x - prevX);
            }
            prevX = x;
            prevY = y;
        }
        return prevY;
    }
}
