package io.radinfer.faults.runtime;

import io.radinfer.faults.campaign.CampaignDirectory;
import io.radinfer.faults.campaign.CampaignMerger;
import io.radinfer.faults.campaign.InjectionResult;
import io.radinfer.faults.campaign.Outcome;
import io.radinfer.faults.campaign.ProgressDisplay;
import io.radinfer.faults.campaign.ResultsReader;
import io.radinfer.faults.campaign.RunStats;
import io.radinfer.faults.campaign.ShardSpec;
import io.radinfer.faults.model.BitRestriction;
import io.radinfer.faults.model.FaultSpec;
import io.radinfer.faults.model.FaultSpecException;
import io.radinfer.faults.model.Target;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.SyntheticModel;
import io.radinfer.runtime.protect.ProtectionPreset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The campaign bound to the runtime, on a small synthetic Q8_0 model (integer accumulators, block scales). */
class RuntimeCampaignTest {
    static final LlamaConfig C = new LlamaConfig("llama", 64, 96, 2, 4, 2, 64, 32, 1e-5f, 10000f,
            RopeLayout.ADJACENT, false);
    static final int[] PROMPT = {1, 7, 9};
    static final int TOKENS = 6;

    static Model model() {
        Arena arena = Arena.ofShared();
        return Model.fromWeights(C, SyntheticModel.weights(C, GgmlType.Q8_0, 11, false, arena), 1, 2, arena::close);
    }

    static RuntimeCampaign campaign(ProtectionPreset p) throws IOException {
        return new RuntimeCampaign(RuntimeCampaignTest::model, RuntimeCampaign.Settings.greedy(PROMPT, TOKENS, p));
    }

    static CampaignRun.Spec spec(Target t, String fault, BitRestriction bits, long n) {
        return new CampaignRun.Spec("synthetic", t, FaultSpec.parse(fault), bits, 5, n, OptionalInt.empty());
    }

    static List<InjectionResult> results(Path dir) throws IOException {
        List<InjectionResult> rs = new ArrayList<>();
        ResultsReader.read(new CampaignDirectory(dir).results(), (r, line) -> rs.add(r));
        rs.sort((a, b) -> Long.compare(a.id(), b.id()));
        return rs;
    }

    @Test
    void replayingAnIdReproducesItsOutcome(@TempDir Path tmp) throws Exception {
        Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);
        for (ProtectionPreset p : new ProtectionPreset[] {ProtectionPreset.NONE, ProtectionPreset.CHECKSUM}) {
            try (RuntimeCampaign rc = campaign(p)) {
                for (Target t : Target.values()) {
                    // Exponent bits make most flips matter, so the replays cover every outcome class.
                    BitRestriction bits = t == Target.ACCUMULATORS || t == Target.SCALES ? BitRestriction.ALL
                            : BitRestriction.EXPONENT;
                    CampaignRun run = new CampaignRun(rc, spec(t, "bitflip", bits, 10));
                    Path dir = tmp.resolve(p.cliName() + "-" + t.cliName());
                    run.run(new CampaignDirectory(dir), ShardSpec.ALL, 2, ProgressDisplay.quiet());
                    List<InjectionResult> rs = results(dir);
                    assertEquals(10, rs.size());
                    for (InjectionResult r : rs) {
                        seen.merge(r.outcome(), 1, Integer::sum);
                        InjectionResult again = run.replay(r.id());
                        assertTrue(r.sameOutcomeAs(again), p + " " + t + ":\n" + r + "\n" + again);
                    }
                }
            }
        }
        assertTrue(seen.getOrDefault(Outcome.SDC, 0) > 0, "no SDC among the replays: " + seen);
        assertTrue(seen.getOrDefault(Outcome.DETECTED_CORRECTED, 0) > 0, "no correction among the replays: " + seen);
    }

    @Test
    void shardsMergedEqualTheUnshardedRun(@TempDir Path tmp) throws Exception {
        try (RuntimeCampaign rc = campaign(ProtectionPreset.NONE)) {
            CampaignRun run = new CampaignRun(rc, spec(Target.ACCUMULATORS, "bitflip", BitRestriction.ALL, 15));
            run.run(new CampaignDirectory(tmp.resolve("all")), ShardSpec.ALL, 2, ProgressDisplay.quiet());
            run.run(new CampaignDirectory(tmp.resolve("s0")), new ShardSpec(0, 2), 1, ProgressDisplay.quiet());
            run.run(new CampaignDirectory(tmp.resolve("s1")), new ShardSpec(1, 2), 2, ProgressDisplay.quiet());
        }
        CampaignMerger.Result m = CampaignMerger.merge(List.of(tmp.resolve("s1"), tmp.resolve("s0")), tmp.resolve("merged"));
        assertEquals(0, m.missing());
        List<InjectionResult> all = results(tmp.resolve("all"));
        List<InjectionResult> merged = results(tmp.resolve("merged"));
        assertEquals(15, all.size());
        assertEquals(all.size(), merged.size());
        for (int i = 0; i < all.size(); i++) {
            assertTrue(all.get(i).sameOutcomeAs(merged.get(i)), all.get(i) + "\n" + merged.get(i));
        }
    }

    @Test
    void weightFaultsAreUndoneAfterEachRun() throws Exception {
        List<Model> opened = new CopyOnWriteArrayList<>();
        RuntimeCampaign.Settings s = RuntimeCampaign.Settings.greedy(PROMPT, TOKENS, ProtectionPreset.NONE);
        try (Model fresh = model();
             RuntimeCampaign rc = new RuntimeCampaign(() -> {
                 Model m = model();
                 opened.add(m);
                 return m;
             }, s)) {
            CampaignRun run = new CampaignRun(rc, spec(Target.WEIGHTS, "burst:4", BitRestriction.ALL, 12));
            String golden = rc.golden().fingerprint();
            int sdc = 0;
            for (long id = 0; id < 12; id++) {
                sdc += run.replay(id).outcome() == Outcome.SDC ? 1 : 0;
            }
            assertTrue(sdc > 0, "no burst in the weights changed the output; the check below would be vacuous");
            assertTrue(opened.size() >= 2, "the injections ran on their own model copy");
            for (Model m : opened) {
                List<Tensor> a = m.weights().matrices();
                List<Tensor> b = fresh.weights().matrices();
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(b.get(i).data().toArray(ValueLayout.JAVA_BYTE),
                            a.get(i).data().toArray(ValueLayout.JAVA_BYTE), a.get(i).name() + " was left corrupted");
                }
            }
            // and a fault-free run on the same workers is the golden run again
            try (RuntimeCampaign again = campaign(ProtectionPreset.NONE)) {
                assertEquals(golden, again.golden().fingerprint());
            }
        }
    }

    @Test
    void redundancyLeavesNoSilentCorruptionFromAccumulatorFlips(@TempDir Path tmp) throws Exception {
        for (ProtectionPreset p : new ProtectionPreset[] {ProtectionPreset.CHECKSUM, ProtectionPreset.TMR}) {
            try (RuntimeCampaign rc = campaign(p)) {
                CampaignRun run = new CampaignRun(rc, spec(Target.ACCUMULATORS, "bitflip", BitRestriction.ALL, 24));
                RunStats st = run.run(new CampaignDirectory(tmp.resolve(p.cliName())), ShardSpec.ALL, 2,
                        ProgressDisplay.quiet());
                assertEquals(0, st.count(Outcome.SDC), p + " " + st.outcomes());
                // Every flip of an integer accumulator changes the result, and both modes see every one.
                assertEquals(24, st.count(Outcome.DETECTED_CORRECTED), p + " " + st.outcomes());
            }
        }
    }

    @Test
    void aStuckBitNeedsMemoryThatHoldsIt() throws Exception {
        try (RuntimeCampaign rc = campaign(ProtectionPreset.NONE)) {
            FaultSpecException e = assertThrows(FaultSpecException.class,
                    () -> new CampaignRun(rc, spec(Target.ACTIVATIONS, "stuck-at:1", BitRestriction.ALL, 4)));
            assertTrue(e.getMessage().contains("weights, scales or kv-cache"), e.getMessage());
            new CampaignRun(rc, spec(Target.KV_CACHE, "stuck-at:1", BitRestriction.ALL, 4)).replay(0);
        }
    }

    @Test
    void theTargetSpaceFollowsTheForwardPass() throws Exception {
        try (RuntimeCampaign rc = campaign(ProtectionPreset.NONE)) {
            ModelTargetSpace s = rc.space();
            assertEquals(TOKENS, s.steps());
            // Q8_0: 64-wide rows are 2 blocks; K of layer 0 has kvDim 32 rows; the prompt's pass has 3 positions
            var acc0 = s.regions(Target.ACCUMULATORS, 0);
            var k0 = acc0.stream().filter(r -> r.name().equals("blk.0.k")).findFirst().orElseThrow();
            assertEquals(3L * 32 * 2, k0.elements());
            var k1 = s.regions(Target.ACCUMULATORS, 1).stream().filter(r -> r.name().equals("blk.0.k")).findFirst()
                    .orElseThrow();
            assertEquals(32L * 2, k1.elements());
            // KV cache after pass t holds prompt + t positions, keys and values
            assertEquals(2L * (3 + 2) * 32, s.regions(Target.KV_CACHE, 2).getFirst().elements());
            assertEquals(s.regions(Target.WEIGHTS, 0).size(), s.regions(Target.SCALES, 0).size());
            assertEquals(0, s.passAt(0));
            assertEquals(1, s.passAt(3));
            assertEquals(TOKENS - 1, s.passAt(3 + TOKENS - 2));
        }
    }
}
