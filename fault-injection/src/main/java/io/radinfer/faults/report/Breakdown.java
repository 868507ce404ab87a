package io.radinfer.faults.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.radinfer.faults.campaign.Outcome;
import io.radinfer.faults.stats.Proportion;

/**
 * Outcome counts of a slice of the campaign (all injections, one target, one layer or one bit position), with
 * the SDC and DUE rates and their 95% Wilson intervals.
 *
 * @param injections injections in the slice
 * @param masked output identical to the golden run
 * @param sdc silent data corruptions
 * @param detectedCorrected faults detected and corrected
 * @param detectedUncorrectable faults detected but not correctable (DUE)
 * @param crash other exceptions or escaped NaN/Inf
 * @param hang time-outs
 * @param sdcRate {@code sdc / injections}
 * @param sdcCi95 95% Wilson interval of the SDC rate, [lo, hi]
 * @param dueRate {@code detected_uncorrectable / injections}
 * @param dueCi95 95% Wilson interval of the DUE rate, [lo, hi]
 */
@JsonPropertyOrder({"injections", "masked", "sdc", "detected_corrected", "detected_uncorrectable", "crash", "hang",
        "sdc_rate", "sdc_ci95", "due_rate", "due_ci95"})
public record Breakdown(
        @JsonProperty("injections") long injections,
        @JsonProperty("masked") long masked,
        @JsonProperty("sdc") long sdc,
        @JsonProperty("detected_corrected") long detectedCorrected,
        @JsonProperty("detected_uncorrectable") long detectedUncorrectable,
        @JsonProperty("crash") long crash,
        @JsonProperty("hang") long hang,
        @JsonProperty("sdc_rate") double sdcRate,
        @JsonProperty("sdc_ci95") double[] sdcCi95,
        @JsonProperty("due_rate") double dueRate,
        @JsonProperty("due_ci95") double[] dueCi95) {

    static Breakdown of(Tally t) {
        long n = t.total();
        Proportion sdc = Proportion.of(t.count(Outcome.SDC), n);
        Proportion due = Proportion.of(t.count(Outcome.DETECTED_UNCORRECTABLE), n);
        return new Breakdown(n, t.count(Outcome.MASKED), t.count(Outcome.SDC), t.count(Outcome.DETECTED_CORRECTED),
                t.count(Outcome.DETECTED_UNCORRECTABLE), t.count(Outcome.CRASH), t.count(Outcome.HANG), sdc.rate(),
                new double[] {sdc.ci95().lower(), sdc.ci95().upper()}, due.rate(),
                new double[] {due.ci95().lower(), due.ci95().upper()});
    }

    /** How many injections of the slice ended with {@code outcome}. */
    public long count(Outcome outcome) {
        return switch (outcome) {
            case MASKED -> masked;
            case SDC -> sdc;
            case DETECTED_CORRECTED -> detectedCorrected;
            case DETECTED_UNCORRECTABLE -> detectedUncorrectable;
            case CRASH -> crash;
            case HANG -> hang;
        };
    }

    /** The SDC count as a proportion with its interval. */
    public Proportion sdcProportion() {
        return Proportion.of(sdc, injections);
    }

    /** The DUE count as a proportion with its interval. */
    public Proportion dueProportion() {
        return Proportion.of(detectedUncorrectable, injections);
    }
}
