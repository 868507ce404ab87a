package io.radinfer.faults.soak;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of a soak: its configuration, the final counts, the per-target injections, the heap trend over the
 * reports, and every report line.
 *
 * @param heapSlopeMiBPerHour least-squares slope of heap-after-GC over the reports (0 with fewer than 3 reports)
 * @param sdcExamples the first few SDCs: generation number and first differing position
 * @param crashExamples the first few unexpected exceptions
 */
public record SoakSummary(
        @JsonProperty("model") String model,
        @JsonProperty("protection") String protection,
        @JsonProperty("scrub_period_s") long scrubPeriodSeconds,
        @JsonProperty("fault_rate_per_token") double faultRate,
        @JsonProperty("targets") List<String> targets,
        @JsonProperty("shadow_every") int shadowEvery,
        @JsonProperty("seed") long seed,
        @JsonProperty("started") String started,
        @JsonProperty("final") SoakLine last,
        @JsonProperty("injected_by_target") Map<String, Long> injectedByTarget,
        @JsonProperty("heap_first_mib") double heapFirstMiB,
        @JsonProperty("heap_max_mib") double heapMaxMiB,
        @JsonProperty("heap_slope_mib_per_hour") double heapSlopeMiBPerHour,
        @JsonProperty("sdc_examples") List<String> sdcExamples,
        @JsonProperty("crash_examples") List<String> crashExamples,
        @JsonProperty("lines") List<SoakLine> lines) {

    /** The closing text block of {@code radinfer soak}. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append("soak summary\n");
        b.append(String.format(Locale.ROOT, "  model %s, protection %s, scrub every %s, %.4g faults/token into %s, "
                + "1 in %d generations shadow-checked, seed %d, started %s%n", model, protection,
                scrubPeriodSeconds == 0 ? "(off)" : scrubPeriodSeconds + " s", faultRate, targets, shadowEvery, seed,
                started));
        b.append(String.format(Locale.ROOT, "  %.0f s, %d tokens, %d generations%n", last.elapsedSeconds(), last.tokens(),
                last.generations()));
        b.append("  injected ").append(last.injected()).append(' ').append(injectedByTarget).append('\n');
        b.append(String.format(Locale.ROOT, "  detected %d, corrected %d, uncorrectable %d, scrub repairs %d%n",
                last.detected(), last.corrected(), last.uncorrectable(), last.scrubRepairs()));
        b.append(String.format(Locale.ROOT, "  SDCs %d in %d shadow-checked generations; crashes %d%n", last.sdcs(),
                last.shadowChecks(), last.crashes()));
        b.append(String.format(Locale.ROOT, "  heap after GC: first %.1f MiB, last %.1f MiB, max %.1f MiB, trend %+.2f "
                + "MiB/hour; GC time %d ms%n", heapFirstMiB, last.heapUsedMiB(), heapMaxMiB, heapSlopeMiBPerHour,
                last.gcMillis()));
        for (String s : sdcExamples) {
            b.append("  SDC: ").append(s).append('\n');
        }
        for (String s : crashExamples) {
            b.append("  crash: ").append(s).append('\n');
        }
        return b.toString();
    }
}
