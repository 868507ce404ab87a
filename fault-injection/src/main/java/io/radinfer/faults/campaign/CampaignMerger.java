package io.radinfer.faults.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Combines the directories of a sharded campaign ({@code radinfer merge}) into one directory whose
 * {@code results.jsonl} holds every id once, in id order, and whose {@code campaign.json} has no shard.
 *
 * <p>Checks: every directory's manifest must describe the same campaign, including the golden-run
 * fingerprint; an id present in several directories (a shard run twice, or overlapping splits) is kept once
 * if the copies agree on everything but wall time, and is an error if they do not. Ids missing from all
 * directories are counted, not invented.
 *
 * <p>Memory: the merge holds one result object per id (a few hundred bytes each) to sort them.
 */
public final class CampaignMerger {
    private CampaignMerger() {
    }

    /** What a merge did. */
    public record Result(long injections, long duplicatesDropped, long missing, CampaignManifest manifest) {
    }

    /**
     * Merges {@code shardDirs} into {@code outDir}.
     *
     * @throws MergeException if the shards are of different campaigns or disagree on an id
     * @throws ResultsFileException if a directory lacks its manifest or has a corrupt results line, or the
     *         output directory already holds results
     */
    public static Result merge(List<Path> shardDirs, Path outDir) throws IOException {
        if (shardDirs.isEmpty()) {
            throw new IllegalArgumentException("merge needs at least one shard directory");
        }
        CampaignDirectory out = new CampaignDirectory(outDir);
        if (Files.exists(out.results()) || Files.exists(out.manifestFile())) {
            throw new ResultsFileException(outDir, -1,
                    "already holds a campaign; merge into a new or empty directory");
        }
        CampaignManifest first = null;
        Path firstDir = null;
        Map<Long, InjectionResult> byId = new TreeMap<>();
        Map<Long, Path> origin = new TreeMap<>();
        long[] duplicates = {0};
        for (Path dir : shardDirs) {
            CampaignDirectory shard = new CampaignDirectory(dir);
            CampaignManifest manifest = shard.readManifest();
            if (first == null) {
                first = manifest;
                firstDir = dir;
            } else {
                String diff = first.differenceFrom(manifest).orElse(null);
                if (diff != null) {
                    throw new MergeException(firstDir + " and " + dir + " hold different campaigns (" + diff
                            + "); merge only shards of one campaign");
                }
            }
            final long injections = manifest.injections();
            ResultsReader.read(shard.results(), (r, line) -> {
                if (r.id() >= injections) {
                    throw new ResultsFileException(shard.results(), line,
                            "id " + r.id() + " is outside the campaign's " + injections + " injections");
                }
                InjectionResult seen = byId.get(r.id());
                if (seen == null) {
                    byId.put(r.id(), r);
                    origin.put(r.id(), dir);
                } else if (seen.sameOutcomeAs(r)) {
                    duplicates[0]++;
                } else {
                    throw new MergeException("injection " + r.id() + " has different results in "
                            + origin.get(r.id()) + " (" + seen.outcome().jsonName() + ") and " + dir + " ("
                            + r.outcome().jsonName() + "); its replay is not deterministic, which is a bug to "
                            + "report with both result lines");
                }
            });
        }
        CampaignManifest merged = first.withShard(null);
        out.writeManifest(merged);
        try (ResultsWriter writer = ResultsWriter.open(out.results())) {
            for (InjectionResult r : byId.values()) {
                writer.accept(r);
            }
        }
        return new Result(byId.size(), duplicates[0], merged.injections() - byId.size(), merged);
    }
}
