package io.radinfer.faults.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radinfer.faults.model.InjectionPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeTest {
    private static final long N = 300;

    @TempDir
    Path dir;

    private Path runCampaign(String name, ShardSpec shard, CampaignManifest base) throws Exception {
        CampaignDirectory campaign = new CampaignDirectory(dir.resolve(name));
        CampaignManifest manifest = base.withShard(shard);
        DoneIds done = campaign.prepare(manifest);
        InjectionPlanner planner = CampaignFixtures.planner(manifest.seed());
        IdSchedule ids = new IdSchedule(manifest.injections(), shard == null ? ShardSpec.ALL : shard, done);
        try (ResultsWriter out = ResultsWriter.open(campaign.results())) {
            new ParallelInjectionRunner(ParallelInjectionRunner.Options.defaults(Duration.ofSeconds(5)).withThreads(2))
                    .run(ids, planner::plan, CampaignFixtures.fakeExecutor(), out, ProgressDisplay.quiet());
        }
        return campaign.path();
    }

    private static Map<Long, InjectionResult> byId(Path campaignDir) throws IOException {
        Map<Long, InjectionResult> out = new TreeMap<>();
        ResultsReader.read(new CampaignDirectory(campaignDir).results(), (r, line) -> out.put(r.id(), r));
        return out;
    }

    @Test
    void shardedRunsMergedEqualTheUnshardedRun() throws Exception {
        CampaignManifest base = CampaignFixtures.manifest(N, null);
        Path whole = runCampaign("whole", null, base);
        Path s0 = runCampaign("s0", ShardSpec.parse("0/2"), base);
        Path s1 = runCampaign("s1", ShardSpec.parse("1/2"), base);
        CampaignMerger.Result merged = CampaignMerger.merge(List.of(s0, s1), dir.resolve("merged"));
        assertEquals(N, merged.injections());
        assertEquals(0, merged.missing());
        assertEquals(null, merged.manifest().shard());

        Map<Long, InjectionResult> expected = byId(whole);
        Map<Long, InjectionResult> actual = byId(dir.resolve("merged"));
        assertEquals(expected.keySet(), actual.keySet());
        for (long id : expected.keySet()) {
            assertTrue(expected.get(id).sameOutcomeAs(actual.get(id)), "id " + id);
        }
        List<Long> order = new ArrayList<>();
        ResultsReader.read(new CampaignDirectory(dir.resolve("merged")).results(), (r, l) -> order.add(r.id()));
        assertEquals(new ArrayList<>(expected.keySet()), order, "merged results are in id order");
    }

    @Test
    void aShardMergedTwiceCountsItsIdsOnce() throws Exception {
        CampaignManifest base = CampaignFixtures.manifest(N, null);
        Path s0 = runCampaign("s0", ShardSpec.parse("0/2"), base);
        CampaignMerger.Result merged = CampaignMerger.merge(List.of(s0, s0), dir.resolve("merged"));
        assertEquals(N / 2, merged.injections());
        assertEquals(N / 2, merged.duplicatesDropped());
        assertEquals(N / 2, merged.missing());
    }

    @Test
    void shardsOfDifferentCampaignsAreRefused() throws Exception {
        CampaignManifest base = CampaignFixtures.manifest(N, null);
        Path s0 = runCampaign("s0", ShardSpec.parse("0/2"), base);
        CampaignManifest otherGolden = new CampaignManifest(1, "built-in", "golden-OTHER", 12.5, "weights", "bitflip",
                "all", "none", 8, 42, N, null, null);
        Path s1 = runCampaign("s1", ShardSpec.parse("1/2"), otherGolden);
        MergeException e = assertThrows(MergeException.class,
                () -> CampaignMerger.merge(List.of(s0, s1), dir.resolve("merged")));
        assertTrue(e.getMessage().contains("golden_fingerprint: golden-abc vs golden-OTHER")
                && e.getMessage().contains(s0.toString()) && e.getMessage().contains(s1.toString()), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("merged").resolve(CampaignDirectory.RESULTS)));
    }

    @Test
    void conflictingResultsForOneIdAreRefused() throws Exception {
        CampaignManifest base = CampaignFixtures.manifest(N, null);
        Path s0 = runCampaign("s0", ShardSpec.parse("0/2"), base);
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        Files.copy(s0.resolve(CampaignDirectory.MANIFEST), copy.resolve(CampaignDirectory.MANIFEST));
        InjectionResult r = byId(s0).get(0L);
        InjectionResult different = new InjectionResult(r.id(), r.seed(), r.target(), r.region(), r.layer(), r.op(),
                r.token(), r.element(), r.bit(), r.fault(),
                r.outcome() == Outcome.SDC ? Outcome.MASKED : Outcome.SDC, null, null, 0, 0, 1, null);
        try (ResultsWriter w = ResultsWriter.open(copy.resolve(CampaignDirectory.RESULTS))) {
            w.accept(different);
        }
        MergeException e = assertThrows(MergeException.class,
                () -> CampaignMerger.merge(List.of(s0, copy), dir.resolve("merged")));
        assertTrue(e.getMessage().contains("injection 0 has different results"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutManifestIsATypedError() {
        ResultsFileException e = assertThrows(ResultsFileException.class,
                () -> CampaignMerger.merge(List.of(dir.resolve("nothing")), dir.resolve("merged")));
        assertTrue(e.getMessage().contains("campaign.json"), e.getMessage());
    }

    @Test
    void resumingIntoADirectoryOfAnotherCampaignIsRefused() throws Exception {
        CampaignDirectory campaign = new CampaignDirectory(dir.resolve("c"));
        campaign.prepare(CampaignFixtures.manifest(N, null));
        assertEquals(0, campaign.prepare(CampaignFixtures.manifest(N, null)).count());
        ResultsFileException e = assertThrows(ResultsFileException.class,
                () -> campaign.prepare(CampaignFixtures.manifest(N + 1, null)));
        assertTrue(e.getMessage().contains("injections: 300 vs 301"), e.getMessage());
        assertThrows(ResultsFileException.class,
                () -> campaign.prepare(CampaignFixtures.manifest(N, ShardSpec.parse("0/2"))));
    }
}
