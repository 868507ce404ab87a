package io.radinfer.faults.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.radinfer.faults.campaign.CampaignManifest;
import io.radinfer.faults.environment.RateProjection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code summary.json}: the campaign's totals first ({@code injections}, one count per outcome,
 * {@code sdc_rate}, {@code sdc_ci95}, {@code due_rate}, {@code due_ci95}), then the throughput, the same
 * breakdown per target, per layer and per bit position, the environment projection if one was asked for, and
 * the campaign's manifest.
 *
 * @param injections all injections
 * @param masked output identical to the golden run
 * @param sdc silent data corruptions
 * @param detectedCorrected detected and corrected
 * @param detectedUncorrectable detected, not correctable (DUE)
 * @param crash other exceptions or escaped NaN/Inf
 * @param hang time-outs
 * @param sdcRate {@code sdc / injections}
 * @param sdcCi95 95% Wilson interval of the SDC rate, [lo, hi]
 * @param dueRate {@code detected_uncorrectable / injections}
 * @param dueCi95 95% Wilson interval of the DUE rate, [lo, hi]
 * @param injectionsPerSecond throughput of the run that produced the results, or null (e.g. after a merge)
 * @param byTarget per target's command-line name
 * @param byLayer per layer number ({@value #NO_LAYER} for tensors outside the blocks)
 * @param byBit per anchor bit position
 * @param environment the projection onto a radiation environment, or null
 * @param campaign the campaign's manifest, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"injections", "masked", "sdc", "detected_corrected", "detected_uncorrectable", "crash", "hang",
        "sdc_rate", "sdc_ci95", "due_rate", "due_ci95", "injections_per_second", "by_target", "by_layer", "by_bit",
        "environment", "campaign"})
public record CampaignSummary(
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
        @JsonProperty("due_ci95") double[] dueCi95,
        @JsonProperty("injections_per_second") Double injectionsPerSecond,
        @JsonProperty("by_target") Map<String, Breakdown> byTarget,
        @JsonProperty("by_layer") Map<String, Breakdown> byLayer,
        @JsonProperty("by_bit") Map<String, Breakdown> byBit,
        @JsonProperty("environment") RateProjection environment,
        @JsonProperty("campaign") CampaignManifest campaign) {

    /** The layer key for regions outside the transformer blocks. */
    public static final String NO_LAYER = "none";

    /** Copies the maps, keeping their order. */
    public CampaignSummary {
        byTarget = Collections.unmodifiableMap(new LinkedHashMap<>(byTarget));
        byLayer = Collections.unmodifiableMap(new LinkedHashMap<>(byLayer));
        byBit = Collections.unmodifiableMap(new LinkedHashMap<>(byBit));
    }

    /** A summary whose totals are {@code overall}. */
    public static CampaignSummary of(Breakdown overall, Map<String, Breakdown> byTarget,
            Map<String, Breakdown> byLayer, Map<String, Breakdown> byBit, Double injectionsPerSecond,
            RateProjection environment, CampaignManifest campaign) {
        return new CampaignSummary(overall.injections(), overall.masked(), overall.sdc(), overall.detectedCorrected(),
                overall.detectedUncorrectable(), overall.crash(), overall.hang(), overall.sdcRate(), overall.sdcCi95(),
                overall.dueRate(), overall.dueCi95(), injectionsPerSecond, byTarget, byLayer, byBit, environment,
                campaign);
    }

    /** The totals as a {@link Breakdown}. */
    @JsonIgnore
    public Breakdown overall() {
        return new Breakdown(injections, masked, sdc, detectedCorrected, detectedUncorrectable, crash, hang, sdcRate,
                sdcCi95, dueRate, dueCi95);
    }

    /** This summary with an environment projection. */
    public CampaignSummary withEnvironment(RateProjection projection) {
        return of(overall(), byTarget, byLayer, byBit, injectionsPerSecond, projection, campaign);
    }
}
