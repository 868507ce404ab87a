package io.radinfer.hw.profile;

import java.util.List;
import java.util.Objects;

/**
 * The CPU cluster radinfer's kernels run on.
 *
 * @param isa instruction set and vector extension, in words
 * @param cores cores available to radinfer's worker threads
 * @param vectorWidthBits SIMD register width (0 = no SIMD unit)
 * @param peakF32Gflops peak single-precision throughput of all cores at the top DVFS state
 * @param peakInt8Gops peak 8-bit integer multiply-accumulate throughput (ops, a MAC counted as 2)
 * @param dvfsStates operating points, slowest first; clock and power strictly increasing
 */
public record CpuSpec(String isa, Figure cores, Figure vectorWidthBits, Figure peakF32Gflops, Figure peakInt8Gops,
        List<DvfsState> dvfsStates) {

    public CpuSpec {
        Objects.requireNonNull(isa, "isa");
        dvfsStates = List.copyOf(dvfsStates);
        if (dvfsStates.isEmpty()) {
            throw new IllegalArgumentException("a CPU needs at least one DVFS state");
        }
    }

    /** The number of cores. */
    public int coreCount() {
        return cores.intValue();
    }

    /** The index of the fastest DVFS state. */
    public int topState() {
        return dvfsStates.size() - 1;
    }

    /** The clock of DVFS state {@code s} relative to the top state (1 at the top). */
    public double clockFraction(int s) {
        return dvfsStates.get(s).clockMhz().value() / dvfsStates.get(topState()).clockMhz().value();
    }

    /** Peak f32 GFLOP/s of {@code threads} cores at DVFS state {@code s}: peak scales with cores and clock. */
    public double peakF32Gflops(int threads, int s) {
        return peakF32Gflops.value() * threads / coreCount() * clockFraction(s);
    }
}
