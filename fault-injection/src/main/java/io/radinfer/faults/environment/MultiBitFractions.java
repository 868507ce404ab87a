package io.radinfer.faults.environment;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the upsets of an environment split by multiplicity, where the source says. A campaign with
 * {@code bitflip} covers the single-bit share; {@code mbu:2:bytes} the double-byte share.
 *
 * @param singleBit share of upsets that flip one bit
 * @param doubleByte share that corrupt two adjacent bytes
 * @param other the rest (multiple-bit and severe errors)
 */
public record MultiBitFractions(@JsonProperty("single_bit") double singleBit,
        @JsonProperty("double_byte") double doubleByte, @JsonProperty("other") double other) {
}
