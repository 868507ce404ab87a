package io.radinfer.faults.environment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.radinfer.faults.stats.Proportion;
import java.util.Objects;

/**
 * What a campaign's per-injection probabilities mean in orbit: expected SDCs and DUEs per day, and the mean
 * time between SDCs, for a model whose protected memory holds {@code bits} bits.
 *
 * <pre>
 *   upsets/day = rate_per_bit_day x time_fraction x bits
 *   SDC/day    = upsets/day x P(SDC)        DUE/day = upsets/day x P(DUE)
 *   MTB-SDC    = 1 / (SDC/day)
 * </pre>
 *
 * <p>Intervals: {@code *_ci95} carry only the campaign's 95% Wilson interval of P(SDC) or P(DUE) at the
 * nominal environment rate; the environment's own uncertainty is not in them. {@code *_range} combines the
 * campaign interval with the environment's rate range where the source gives one (low rate x low P, high rate
 * x high P). Assumptions: upsets are independent and at most one is present per run (true when upsets per run
 * are far below 1), and the campaign's fault model and bit distribution match the upsets in orbit (for the
 * single-bit share, a {@code bitflip} campaign).
 *
 * @param environment the environment's name
 * @param protectedBits memory size the upsets can hit, in bits
 * @param effectiveUpsetsPerBitDay rate x time share used
 * @param upsetsPerDay expected upsets in that memory per day
 * @param sdcPerDay expected SDCs per day (nominal)
 * @param sdcPerDayCi95 campaign 95% interval of SDCs per day
 * @param sdcPerDayRange campaign interval combined with the environment's rate range
 * @param duePerDay expected DUEs per day (nominal)
 * @param duePerDayCi95 campaign 95% interval of DUEs per day
 * @param duePerDayRange campaign interval combined with the rate range
 * @param mtbSdcDays mean days between SDCs (null when no SDC was observed: unbounded)
 * @param mtbSdcDaysCi95 interval of the mean time between SDCs, [1/high, 1/low] (upper end null when unbounded)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RateProjection(
        @JsonProperty("environment") String environment,
        @JsonProperty("protected_bits") long protectedBits,
        @JsonProperty("effective_upsets_per_bit_day") double effectiveUpsetsPerBitDay,
        @JsonProperty("upsets_per_day") double upsetsPerDay,
        @JsonProperty("sdc_per_day") double sdcPerDay,
        @JsonProperty("sdc_per_day_ci95") double[] sdcPerDayCi95,
        @JsonProperty("sdc_per_day_range") double[] sdcPerDayRange,
        @JsonProperty("due_per_day") double duePerDay,
        @JsonProperty("due_per_day_ci95") double[] duePerDayCi95,
        @JsonProperty("due_per_day_range") double[] duePerDayRange,
        @JsonProperty("mtb_sdc_days") Double mtbSdcDays,
        @JsonProperty("mtb_sdc_days_ci95") Double[] mtbSdcDaysCi95) {

    /**
     * Projects a campaign's SDC and DUE proportions onto an environment.
     *
     * @param env the environment
     * @param sdc the campaign's SDC count over its injections
     * @param due the campaign's DUE count over its injections
     * @param protectedBits the model's memory the upsets can hit (e.g. weight bits), at least 1
     */
    public static RateProjection of(RadiationEnvironment env, Proportion sdc, Proportion due, long protectedBits) {
        Objects.requireNonNull(env, "env");
        if (protectedBits < 1) {
            throw new IllegalArgumentException("protected memory must be at least 1 bit, got " + protectedBits);
        }
        double perDay = env.effectiveUpsetsPerBitDay() * protectedBits;
        double lowPerDay = env.rateLow() * env.timeFraction() * protectedBits;
        double highPerDay = env.rateHigh() * env.timeFraction() * protectedBits;
        double sdcDay = perDay * sdc.rate();
        double[] sdcCi = {perDay * sdc.ci95().lower(), perDay * sdc.ci95().upper()};
        return new RateProjection(env.name(), protectedBits, env.effectiveUpsetsPerBitDay(), perDay, sdcDay,
                sdcCi,
                new double[] {lowPerDay * sdc.ci95().lower(), highPerDay * sdc.ci95().upper()},
                perDay * due.rate(),
                new double[] {perDay * due.ci95().lower(), perDay * due.ci95().upper()},
                new double[] {lowPerDay * due.ci95().lower(), highPerDay * due.ci95().upper()},
                reciprocal(sdcDay),
                new Double[] {reciprocal(sdcCi[1]), reciprocal(sdcCi[0])});
    }

    private static Double reciprocal(double x) {
        return x > 0 ? 1 / x : null;
    }
}
