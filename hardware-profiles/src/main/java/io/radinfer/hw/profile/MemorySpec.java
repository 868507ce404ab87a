package io.radinfer.hw.profile;

import java.util.Objects;

/**
 * The memory the weights are read from.
 *
 * @param bandwidthGbs peak read bandwidth in GB/s (10^9 bytes per second)
 * @param sizeMib capacity in MiB
 * @param energyPjPerByte energy of moving one byte from DRAM to the core, in picojoules
 */
public record MemorySpec(Figure bandwidthGbs, Figure sizeMib, Figure energyPjPerByte) {

    public MemorySpec {
        Objects.requireNonNull(bandwidthGbs, "bandwidthGbs");
        Objects.requireNonNull(sizeMib, "sizeMib");
        Objects.requireNonNull(energyPjPerByte, "energyPjPerByte");
    }

    /** Capacity in bytes. */
    public long sizeBytes() {
        return Math.round(sizeMib.value() * 1024 * 1024);
    }
}
