package io.radinfer.faults.environment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A radiation environment: how often a bit of memory is upset per day there, with the sources and how the
 * number was obtained. See docs/fault-model.md for the table and the assumptions.
 *
 * @param name the command-line name, e.g. {@code leo-550}
 * @param description orbit, conditions and memory class
 * @param upsetsPerBitDay upsets per bit per day while in the environment (nominal)
 * @param range {@code [low, high]} of the rate when the sources give a spread, or null
 * @param timeFraction share of mission time spent in the environment (1 for an orbit average; the SAA share
 *        for {@code saa-pass})
 * @param multiBit split of upsets by multiplicity, or null if unknown
 * @param grade the overall grade of the rate (S, D, E or R)
 * @param derivation how the rate was obtained from the sources
 * @param sources the sourced claims
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RadiationEnvironment(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("upsets_per_bit_day") double upsetsPerBitDay,
        @JsonProperty("range") double[] range,
        @JsonProperty("time_fraction") double timeFraction,
        @JsonProperty("multi_bit") MultiBitFractions multiBit,
        @JsonProperty("grade") String grade,
        @JsonProperty("derivation") String derivation,
        @JsonProperty("sources") List<SourceNote> sources) {

    /** Copies the mutable parts. */
    public RadiationEnvironment {
        range = range == null ? null : range.clone();
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** The rate averaged over mission time: {@code upsetsPerBitDay x timeFraction}. */
    public double effectiveUpsetsPerBitDay() {
        return upsetsPerBitDay * timeFraction;
    }

    /** The low end of the rate's range (the nominal rate when no range is given). */
    public double rateLow() {
        return range == null ? upsetsPerBitDay : range[0];
    }

    /** The high end of the rate's range (the nominal rate when no range is given). */
    public double rateHigh() {
        return range == null ? upsetsPerBitDay : range[1];
    }

    @Override
    public double[] range() {
        return range == null ? null : range.clone();
    }
}
