package io.radinfer.faults.report;

import io.radinfer.faults.campaign.CampaignManifest;
import io.radinfer.faults.campaign.Outcome;
import io.radinfer.faults.environment.RateProjection;
import java.util.Locale;
import java.util.Map;

/** {@code summary.md}: the summary as tables a person reads. */
public final class SummaryMarkdown {
    private SummaryMarkdown() {
    }

    /** Renders the summary. */
    public static String render(CampaignSummary s) {
        StringBuilder md = new StringBuilder();
        md.append("# Fault-injection campaign\n\n");
        CampaignManifest c = s.campaign();
        if (c != null) {
            md.append("| model | target | fault | bits | protect | steps | seed | N | golden run |\n");
            md.append("| --- | --- | --- | --- | --- | ---: | ---: | ---: | --- |\n");
            md.append("| ").append(c.model()).append(" | ").append(c.target()).append(" | ").append(c.fault())
                    .append(" | ").append(c.bits()).append(" | ").append(c.protect()).append(" | ").append(c.steps())
                    .append(" | ").append(c.seed()).append(" | ").append(c.injections()).append(" | `")
                    .append(c.goldenFingerprint()).append("` |\n\n");
        }
        Breakdown all = s.overall();
        md.append(all.injections()).append(" injections");
        if (s.injectionsPerSecond() != null) {
            md.append(String.format(Locale.ROOT, ", %.1f injections/s", s.injectionsPerSecond()));
        }
        md.append(". Rates with 95% Wilson score intervals.\n\n");
        md.append("| outcome | count | share | 95% CI |\n| --- | ---: | ---: | --- |\n");
        for (Outcome o : Outcome.values()) {
            long k = all.count(o);
            var p = io.radinfer.faults.stats.Proportion.of(k, all.injections());
            md.append("| ").append(o.jsonName()).append(" | ").append(k).append(" | ").append(pct(p.rate()))
                    .append(" | ").append(ci(p.ci95().lower(), p.ci95().upper())).append(" |\n");
        }
        table(md, "By target", "target", s.byTarget());
        table(md, "By layer", "layer", s.byLayer());
        table(md, "By bit position", "bit", s.byBit());
        if (s.environment() != null) {
            environment(md, s.environment());
        }
        return md.toString();
    }

    private static void table(StringBuilder md, String title, String key, Map<String, Breakdown> rows) {
        md.append("\n## ").append(title).append("\n\n");
        md.append("| ").append(key).append(" | injections | masked | sdc | detected_corrected | "
                + "detected_uncorrectable | crash | hang | SDC rate | SDC 95% CI |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        rows.forEach((name, b) -> md.append("| ").append(name).append(" | ").append(b.injections()).append(" | ")
                .append(b.masked()).append(" | ").append(b.sdc()).append(" | ").append(b.detectedCorrected())
                .append(" | ").append(b.detectedUncorrectable()).append(" | ").append(b.crash()).append(" | ")
                .append(b.hang()).append(" | ").append(pct(b.sdcRate())).append(" | ")
                .append(ci(b.sdcCi95()[0], b.sdcCi95()[1])).append(" |\n"));
    }

    private static void environment(StringBuilder md, RateProjection p) {
        md.append("\n## Projection: ").append(p.environment()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%d protected bits at %.3g upsets/bit/day (time-averaged): "
                + "%.3g upsets/day.%n%n", p.protectedBits(), p.effectiveUpsetsPerBitDay(), p.upsetsPerDay()));
        md.append("| quantity | expected | campaign 95% CI | with environment range |\n| --- | ---: | --- | --- |\n");
        md.append(String.format(Locale.ROOT, "| SDC per day | %.3g | [%.3g, %.3g] | [%.3g, %.3g] |%n", p.sdcPerDay(),
                p.sdcPerDayCi95()[0], p.sdcPerDayCi95()[1], p.sdcPerDayRange()[0], p.sdcPerDayRange()[1]));
        md.append(String.format(Locale.ROOT, "| DUE per day | %.3g | [%.3g, %.3g] | [%.3g, %.3g] |%n", p.duePerDay(),
                p.duePerDayCi95()[0], p.duePerDayCi95()[1], p.duePerDayRange()[0], p.duePerDayRange()[1]));
        md.append("| mean days between SDCs | ").append(days(p.mtbSdcDays())).append(" | [")
                .append(days(p.mtbSdcDaysCi95()[0])).append(", ").append(days(p.mtbSdcDaysCi95()[1]))
                .append("] | |\n\n");
        md.append("The campaign interval carries the sampling uncertainty of P(SDC) and P(DUE) only; the last "
                + "column also spans the environment rate's published range. See docs/fault-model.md.\n");
    }

    private static String days(Double d) {
        return d == null ? "unbounded" : String.format(Locale.ROOT, "%.3g", d);
    }

    /** A percentage with two decimals, or two significant digits below 0.1% (protected runs live there). */
    static String pct(double x) {
        double p = 100 * x;
        if (p == 0) {
            return "0%";
        }
        return p < 0.1 ? String.format(Locale.ROOT, "%.2g%%", p) : String.format(Locale.ROOT, "%.2f%%", p);
    }

    private static String ci(double lo, double hi) {
        return "[" + pct(lo) + ", " + pct(hi) + "]";
    }
}
