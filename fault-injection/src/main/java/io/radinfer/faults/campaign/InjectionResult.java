package io.radinfer.faults.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.radinfer.faults.model.InjectionPlan;
import java.util.Objects;

/**
 * One line of {@code results.jsonl}: where the fault landed and what it did.
 *
 * @param id the injection id
 * @param seed the per-injection seed derived from the campaign seed and the id
 * @param target the target's command-line name, e.g. {@code weights}
 * @param region the hit tensor or buffer, e.g. {@code blk.3.ffn_down.weight}
 * @param layer the layer, or -1 outside the transformer blocks
 * @param op the op at which the fault acted (may be empty for at-rest tensors)
 * @param token the decode step of the injection
 * @param element the hit element (value or quant block) in the region
 * @param bit the anchor bit inside the element
 * @param fault the fault's command-line spelling, e.g. {@code mbu:2}
 * @param outcome how the run ended
 * @param firstDivergence for {@code sdc}: the first generated position whose id differs from the golden run's
 * @param maxLogitDeviation for {@code sdc} (and when measured otherwise): the largest absolute logit difference
 *        from the golden run over the generated positions
 * @param detections how many detections protection counted in this run
 * @param corrections how many corrections protection counted in this run
 * @param durationMs wall time of the injection run in milliseconds
 * @param error for {@code crash} and {@code detected_uncorrectable}: the exception type and message; for
 *        {@code hang}: what timed out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InjectionResult(
        @JsonProperty("id") long id,
        @JsonProperty("seed") long seed,
        @JsonProperty("target") String target,
        @JsonProperty("region") String region,
        @JsonProperty("layer") int layer,
        @JsonProperty("op") String op,
        @JsonProperty("token") int token,
        @JsonProperty("element") long element,
        @JsonProperty("bit") int bit,
        @JsonProperty("fault") String fault,
        @JsonProperty("outcome") Outcome outcome,
        @JsonProperty("first_divergence") Integer firstDivergence,
        @JsonProperty("max_logit_deviation") Double maxLogitDeviation,
        @JsonProperty("detections") long detections,
        @JsonProperty("corrections") long corrections,
        @JsonProperty("duration_ms") double durationMs,
        @JsonProperty("error") String error) {

    /** Checks the required fields. */
    public InjectionResult {
        if (id < 0) {
            throw new IllegalArgumentException("injection id must be >= 0, got " + id);
        }
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(fault, "fault");
        if (region == null) {
            region = "";
        }
        if (op == null) {
            op = "";
        }
    }

    /**
     * A result for {@code plan} with the given outcome and measurements; the executor's usual way to report.
     *
     * @param firstDivergence first differing position for SDCs, else null
     * @param maxLogitDeviation largest absolute logit difference, or null if not measured
     */
    public static InjectionResult of(InjectionPlan plan, Outcome outcome, Integer firstDivergence,
            Double maxLogitDeviation, long detections, long corrections, double durationMs, String error) {
        return new InjectionResult(plan.id(), plan.seed(), plan.target().cliName(), plan.region().name(),
                plan.region().layer(), plan.region().op(), plan.token(), plan.element(), plan.bit(),
                plan.fault().cliName(), outcome, firstDivergence, maxLogitDeviation, detections, corrections,
                durationMs, error);
    }

    /** A {@code crash}: the executor threw {@code error}. */
    public static InjectionResult crash(InjectionPlan plan, Throwable error, double durationMs) {
        return of(plan, Outcome.CRASH, null, null, 0, 0, durationMs, describe(error));
    }

    /** A {@code hang}: the run exceeded {@code timeoutMs}. */
    public static InjectionResult hang(InjectionPlan plan, double durationMs, double timeoutMs) {
        return of(plan, Outcome.HANG, null, null, 0, 0, durationMs,
                "no result within the time-out of " + Math.round(timeoutMs) + " ms");
    }

    /** {@code ExceptionType: message}, the form used in the {@code error} field. */
    public static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getName() + (message == null ? "" : ": " + message);
    }

    /**
     * Whether {@code other} reports the same injection with the same outcome and measurements, ignoring the
     * wall time (which differs between machines and runs). Replays and shard merges compare with this.
     */
    public boolean sameOutcomeAs(InjectionResult other) {
        return other != null && id == other.id && seed == other.seed && target.equals(other.target)
                && region.equals(other.region) && layer == other.layer && op.equals(other.op)
                && token == other.token && element == other.element && bit == other.bit
                && fault.equals(other.fault) && outcome == other.outcome
                && Objects.equals(firstDivergence, other.firstDivergence)
                && Objects.equals(maxLogitDeviation, other.maxLogitDeviation)
                && detections == other.detections && corrections == other.corrections;
    }
}
