package io.radinfer.faults.report;

import io.radinfer.faults.campaign.CampaignManifest;
import io.radinfer.faults.campaign.InjectionResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accumulates results into a {@link CampaignSummary}, one result at a time, so a summary of any size needs
 * memory only for its slices (targets, layers, bit positions), not for the results.
 */
public final class SummaryBuilder {
    private final Tally overall = new Tally();
    private final Map<String, Tally> byTarget = new TreeMap<>();
    private final Map<Integer, Tally> byLayer = new TreeMap<>();
    private final Map<Integer, Tally> byBit = new TreeMap<>();

    /** Counts one result. */
    public void accept(InjectionResult r) {
        overall.add(r.outcome());
        byTarget.computeIfAbsent(r.target(), k -> new Tally()).add(r.outcome());
        byLayer.computeIfAbsent(r.layer(), k -> new Tally()).add(r.outcome());
        byBit.computeIfAbsent(r.bit(), k -> new Tally()).add(r.outcome());
    }

    /** How many results were counted. */
    public long count() {
        return overall.total();
    }

    /**
     * The summary of everything counted so far.
     *
     * @param injectionsPerSecond the run's throughput, or null if unknown
     * @param campaign the manifest to embed, or null
     * @throws IllegalStateException if no result was counted
     */
    public CampaignSummary build(Double injectionsPerSecond, CampaignManifest campaign) {
        if (overall.total() == 0) {
            throw new IllegalStateException("no injection results to summarise");
        }
        Map<String, Breakdown> targets = new LinkedHashMap<>();
        byTarget.forEach((k, v) -> targets.put(k, Breakdown.of(v)));
        Map<String, Breakdown> layers = new LinkedHashMap<>();
        byLayer.forEach((k, v) -> {
            if (k >= 0) {
                layers.put(Integer.toString(k), Breakdown.of(v));
            }
        });
        Tally none = byLayer.get(-1);
        if (none != null) {
            layers.put(CampaignSummary.NO_LAYER, Breakdown.of(none));
        }
        Map<String, Breakdown> bits = new LinkedHashMap<>();
        byBit.forEach((k, v) -> bits.put(Integer.toString(k), Breakdown.of(v)));
        return CampaignSummary.of(Breakdown.of(overall), targets, layers, bits, injectionsPerSecond, null, campaign);
    }
}
