package io.radinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.radinfer.faults.campaign.CampaignJson;
import io.radinfer.faults.campaign.InjectionResult;
import io.radinfer.faults.campaign.ResultsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code radinfer campaign} and {@code radinfer merge} on stories260K: files, replay, shards, bad flags. */
class CampaignCommandTest {

    static String[] campaign(Path model, String... more) {
        List<String> a = new ArrayList<>(List.of("campaign", "--model", model.toString(), "--tokens", "8",
                "--target", "accumulators", "--seed", "3", "--threads", "2", "--progress", "never"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    static List<InjectionResult> results(Path dir) throws Exception {
        List<InjectionResult> rs = new ArrayList<>();
        ResultsReader.read(dir.resolve("results.jsonl"), (r, line) -> rs.add(r));
        rs.sort((a, b) -> Long.compare(a.id(), b.id()));
        return rs;
    }

    @Test
    void aCampaignWritesItsResultsReportsAndPlots(@TempDir Path tmp) throws Exception {
        Path m = ModelCommandsTest.stories().resolve("stories260K.bin");
        Path out = tmp.resolve("c");
        var r = ModelCommandsTest.run(campaign(m, "--n", "12", "--out", out.toString(), "--environment", "leo-550"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(out + ": 12 injections (12 this run"), r.out());
        assertTrue(r.out().contains("leo-550: "), r.out());
        for (String f : List.of("campaign.json", "results.jsonl", "summary.json", "summary.md",
                "outcomes_by_target.png", "outcomes_by_layer.png", "sdc_rate_by_bit.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode s = CampaignJson.mapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(12, s.get("injections").asLong());
        long sum = 0;
        for (String k : List.of("masked", "sdc", "detected_corrected", "detected_uncorrectable", "crash", "hang")) {
            sum += s.get(k).asLong();
        }
        assertEquals(12, sum);
        assertEquals(2, s.get("sdc_ci95").size());
        // Rerunning the same command resumes: nothing is left to do.
        var again = ModelCommandsTest.run(campaign(m, "--n", "12", "--out", out.toString()));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("12 injections (0 this run"), again.out());
        assertEquals(12, results(out).size());
    }

    @Test
    void replayingAnIdPrintsTheSameResult(@TempDir Path tmp) throws Exception {
        Path m = ModelCommandsTest.stories().resolve("stories260K.bin");
        Path out = tmp.resolve("c");
        var r = ModelCommandsTest.run(campaign(m, "--n", "6", "--out", out.toString(), "--bits", "exponent"));
        assertEquals(0, r.code(), r.err());
        for (InjectionResult recorded : results(out)) {
            var p = ModelCommandsTest.run(campaign(m, "--replay", Long.toString(recorded.id()), "--out", out.toString(),
                    "--bits", "exponent"));
            assertEquals(0, p.code(), p.err());
            InjectionResult replayed = CampaignJson.mapper().readValue(p.out().strip(), InjectionResult.class);
            assertTrue(recorded.sameOutcomeAs(replayed), recorded + "\n" + replayed);
            assertTrue(p.err().contains("same outcome as recorded"), p.err());
        }
    }

    @Test
    void shardsMergedEqualTheUnshardedRun(@TempDir Path tmp) throws Exception {
        Path m = ModelCommandsTest.stories().resolve("stories260K.bin");
        for (String[] run : new String[][] {{"all", null}, {"s0", "0/2"}, {"s1", "1/2"}}) {
            List<String> a = new ArrayList<>(List.of(campaign(m, "--n", "9", "--out", tmp.resolve(run[0]).toString())));
            if (run[1] != null) {
                a.addAll(List.of("--shard", run[1]));
            }
            var r = ModelCommandsTest.run(a.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
        }
        assertEquals(5, results(tmp.resolve("s0")).size());
        var merged = ModelCommandsTest.run("merge", "--out", tmp.resolve("merged").toString(),
                tmp.resolve("s0").toString(), tmp.resolve("s1").toString());
        assertEquals(0, merged.code(), merged.err());
        assertTrue(merged.out().contains("9 injections from 2 directories"), merged.out());
        List<InjectionResult> all = results(tmp.resolve("all"));
        List<InjectionResult> mr = results(tmp.resolve("merged"));
        assertEquals(9, all.size());
        assertEquals(9, mr.size());
        for (int i = 0; i < 9; i++) {
            assertTrue(all.get(i).sameOutcomeAs(mr.get(i)), all.get(i) + "\n" + mr.get(i));
        }
        assertTrue(Files.exists(tmp.resolve("merged").resolve("summary.md")));
    }

    @Test
    void badFlagsGetATypedOneLineError(@TempDir Path tmp) throws Exception {
        String out = tmp.resolve("x").toString();
        String[][] usage = {
            {"campaign", "--target", "accumulators", "--fault", "mbu:x", "--n", "5", "--out", out},
            {"campaign", "--target", "registers", "--n", "5", "--out", out},
            {"campaign", "--target", "weights", "--shard", "2/2", "--n", "5", "--out", out},
            {"campaign", "--target", "weights", "--bits", "middle", "--n", "5", "--out", out},
            {"campaign", "--target", "weights", "--n", "5"},
            {"campaign", "--target", "weights", "--out", out},
            {"campaign", "--target", "weights", "--n", "0", "--out", out},
            {"campaign", "--target", "weights", "--plan-margin", "2", "--out", out},
            {"merge", "--out", out},
        };
        String[] expect = {"K must be a whole number", "unknown target", "0 <= i < n", "unknown bit restriction",
            "--out DIR is required", "--n N or --plan-margin E", "--n must be at least 1", "--plan-margin must be in (0, 1)",
            "SHARD_DIR"};
        for (int i = 0; i < usage.length; i++) {
            var r = ModelCommandsTest.run(usage[i]);
            assertEquals(2, r.code(), String.join(" ", usage[i]) + "\n" + r.err());
            assertTrue(r.err().contains(expect[i]), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
        // A valid command line the model cannot serve: f32 weights have no block scales.
        Path m = ModelCommandsTest.stories().resolve("stories260K.bin");
        var r = ModelCommandsTest.run("campaign", "--model", m.toString(), "--target", "scales", "--n", "5", "--out", out,
                "--tokens", "4", "--progress", "never");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().strip().endsWith("needs quantized weights)") && r.err().contains("FaultSpecException"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }
}
