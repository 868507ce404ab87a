package io.radinfer.hw.profile;

import java.util.Objects;

/**
 * Power the board draws whatever it computes.
 *
 * @param staticW static power of the processor board when idle (leakage, uncore, memory refresh), in watts
 */
public record PowerSpec(Figure staticW) {

    public PowerSpec {
        Objects.requireNonNull(staticW, "staticW");
    }
}
