package io.radinfer.faults.soak;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * The state of a soak at one report: all counts are totals since the start.
 *
 * @param elapsedSeconds time since generation started
 * @param tokens token positions processed by the session under test (prompt and generated)
 * @param generations generations finished or aborted
 * @param injected faults planted
 * @param detected faults the protection layer detected (checks failed, replicas disagreed, guards or CRCs mismatched)
 * @param corrected detected faults it corrected
 * @param uncorrectable faults it reported as uncorrectable (the generation was abandoned, as a caller would)
 * @param scrubRepairs weight regions the background scrubber restored from the golden copy
 * @param shadowChecks generations compared with a clean run of the same prompt
 * @param sdcs compared generations whose token ids differ although the session reported nothing uncorrectable
 * @param crashes generations ended by an exception other than the protection layer's typed one
 * @param heapUsedMiB heap in use right after a full collection at this report
 * @param gcMillis total time of all collections so far (the report's own collection included)
 * @param tokensPerSecond tokens per second since the previous report
 */
public record SoakLine(
        @JsonProperty("elapsed_s") double elapsedSeconds,
        @JsonProperty("tokens") long tokens,
        @JsonProperty("generations") long generations,
        @JsonProperty("injected") long injected,
        @JsonProperty("detected") long detected,
        @JsonProperty("corrected") long corrected,
        @JsonProperty("uncorrectable") long uncorrectable,
        @JsonProperty("scrub_repairs") long scrubRepairs,
        @JsonProperty("shadow_checks") long shadowChecks,
        @JsonProperty("sdcs") long sdcs,
        @JsonProperty("crashes") long crashes,
        @JsonProperty("heap_used_mib") double heapUsedMiB,
        @JsonProperty("gc_ms") long gcMillis,
        @JsonProperty("tokens_per_s") double tokensPerSecond) {

    /** One human-readable line. */
    public String format() {
        return String.format(Locale.ROOT, "[%7.0f s] tokens=%d (%.0f/s) gens=%d injected=%d detected=%d corrected=%d "
                + "uncorrectable=%d scrub_repairs=%d sdc=%d/%d sampled crashes=%d heap_after_gc=%.1f MiB gc=%d ms",
                elapsedSeconds, tokens, tokensPerSecond, generations, injected, detected, corrected, uncorrectable,
                scrubRepairs, sdcs, shadowChecks, crashes, heapUsedMiB, gcMillis);
    }
}
