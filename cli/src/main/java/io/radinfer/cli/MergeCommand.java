package io.radinfer.cli;

import io.radinfer.faults.campaign.CampaignDirectory;
import io.radinfer.faults.campaign.CampaignMerger;
import io.radinfer.faults.report.CampaignReport;
import io.radinfer.faults.report.CampaignSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code radinfer merge}: combines the directories of a sharded campaign into one, with its reports.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Merge the output directories of a sharded campaign (--shard i/n) into one directory with "
                + "every id once, in id order, and write its summary.json, summary.md and plots.")
final class MergeCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "new or empty output directory")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "the shards' --out directories")
    List<Path> shards;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        CampaignMerger.Result r = CampaignMerger.merge(shards, out);
        CampaignSummary s = CampaignReport.write(new CampaignDirectory(out), null, null, 1);
        o.printf(Locale.ROOT, "%s: %d injections from %d directories (%d duplicates dropped, %d ids missing)%n", out,
                r.injections(), shards.size(), r.duplicatesDropped(), r.missing());
        o.printf(Locale.ROOT, "masked %d  sdc %d  detected_corrected %d  detected_uncorrectable %d  crash %d  hang %d%n",
                s.masked(), s.sdc(), s.detectedCorrected(), s.detectedUncorrectable(), s.crash(), s.hang());
        o.printf(Locale.ROOT, "sdc_rate %.4g  ci95 [%.4g, %.4g]%n", s.sdcRate(), s.sdcCi95()[0], s.sdcCi95()[1]);
        if (r.missing() > 0) {
            spec.commandLine().getErr().println("note: " + r.missing() + " ids of the campaign are in none of the directories; run the missing shards and merge again");
        }
        return 0;
    }
}
