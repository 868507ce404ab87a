package io.radinfer.faults.report;

import io.radinfer.faults.campaign.CampaignDirectory;
import io.radinfer.faults.campaign.CampaignJson;
import io.radinfer.faults.campaign.CampaignManifest;
import io.radinfer.faults.campaign.ResultsFileException;
import io.radinfer.faults.campaign.ResultsReader;
import io.radinfer.faults.environment.RadiationEnvironment;
import io.radinfer.faults.environment.RateProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a campaign directory's reports from its {@code results.jsonl}: {@code summary.json},
 * {@code summary.md} and the PNG plots.
 *
 * <pre>{@code
 * CampaignSummary s = CampaignReport.write(new CampaignDirectory(out), stats.injectionsPerSecond(),
 *         Environments.builtIn().byName("leo-550"), weightBits);
 * }</pre>
 */
public final class CampaignReport {
    /** File name of the JSON summary. */
    public static final String SUMMARY_JSON = "summary.json";
    /** File name of the Markdown summary. */
    public static final String SUMMARY_MD = "summary.md";

    private CampaignReport() {
    }

    /**
     * Summarises the directory's results and writes every report file into it.
     *
     * @param dir the campaign directory (with {@code campaign.json} and {@code results.jsonl})
     * @param injectionsPerSecond throughput of the run, or null if unknown (e.g. after a merge)
     * @param environment the environment to project onto, or null for none
     * @param protectedBits the model's memory the environment's upsets can hit, in bits (ignored without an
     *        environment)
     * @return the summary written
     * @throws ResultsFileException if the directory's files are missing, damaged, or hold no result yet
     */
    public static CampaignSummary write(CampaignDirectory dir, Double injectionsPerSecond,
            RadiationEnvironment environment, long protectedBits) throws IOException {
        CampaignManifest manifest = dir.readManifest();
        SummaryBuilder builder = new SummaryBuilder();
        ResultsReader.read(dir.results(), (r, line) -> builder.accept(r));
        if (builder.count() == 0) {
            throw new ResultsFileException(dir.results(), -1, "no injection results yet; run the campaign first");
        }
        CampaignSummary summary = builder.build(injectionsPerSecond, manifest);
        if (environment != null) {
            summary = summary.withEnvironment(RateProjection.of(environment, summary.overall().sdcProportion(),
                    summary.overall().dueProportion(), protectedBits));
        }
        write(summary, dir.path());
        return summary;
    }

    /** Writes {@code summary.json}, {@code summary.md} and the plots of {@code summary} into {@code dir}. */
    public static void write(CampaignSummary summary, Path dir) throws IOException {
        Files.createDirectories(dir);
        CampaignJson.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(SUMMARY_JSON).toFile(), summary);
        Files.writeString(dir.resolve(SUMMARY_MD), SummaryMarkdown.render(summary), StandardCharsets.UTF_8);
        SummaryPlots.write(summary, dir);
    }
}
