package io.radinfer.hw.profile;

import java.util.Objects;

/**
 * An offload engine for matrix products (a GPU, AI engines, a vision processor). The simulator runs the
 * weight-matrix ops on it when the governor asks for offload; everything else stays on the CPU.
 *
 * @param name what it is
 * @param peakF32Gflops peak f32 throughput (used for float weights)
 * @param peakInt8Gops peak int8 throughput, dense (used for quantized weights)
 * @param bandwidthGbs read bandwidth from the memory holding the weights
 * @param efficiency the share of peak a matrix kernel reaches on it, in (0, 1]
 * @param powerIdleW power it draws when present but idle (always paid)
 * @param powerActiveW power it draws while computing (instead of the idle power)
 * @param launchOverheadUs fixed cost of one offloaded op (kernel launch, synchronisation), in microseconds
 */
public record AcceleratorSpec(String name, Figure peakF32Gflops, Figure peakInt8Gops, Figure bandwidthGbs,
        Figure efficiency, Figure powerIdleW, Figure powerActiveW, Figure launchOverheadUs) {

    public AcceleratorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(efficiency, "efficiency");
    }
}
