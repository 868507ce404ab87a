package io.radinfer.faults.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.gguf.GgufValue;
import io.radinfer.runtime.gguf.GgufValueType;
import io.radinfer.runtime.gguf.GgufWriter;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.SyntheticModel;
import io.radinfer.runtime.protect.ProtectionPreset;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakTest {
    private static final LlamaConfig CONFIG = new LlamaConfig("llama", 64, 128, 2, 4, 2, 48, 64, 1e-5f, 10000f,
            RopeLayout.ADJACENT, false);

    @TempDir
    Path dir;

    private Path model() throws Exception {
        Path file = dir.resolve("soak.gguf");
        try (Arena arena = Arena.ofConfined()) {
            GgufWriter w = new GgufWriter().withIntegrityRecord();
            w.put("general.architecture", new GgufValue.Text("llama"));
            w.put("llama.context_length", u32(CONFIG.contextLength()));
            w.put("llama.embedding_length", u32(CONFIG.dim()));
            w.put("llama.feed_forward_length", u32(CONFIG.hiddenDim()));
            w.put("llama.block_count", u32(CONFIG.layers()));
            w.put("llama.attention.head_count", u32(CONFIG.heads()));
            w.put("llama.attention.head_count_kv", u32(CONFIG.kvHeads()));
            w.put("tokenizer.ggml.bos_token_id", u32(1));
            w.put("tokenizer.ggml.eos_token_id", u32(2));
            for (Tensor t : SyntheticModel.tensors(CONFIG, GgmlType.Q8_0, 5, false, arena).values()) {
                w.addTensor(t);
            }
            w.write(file);
        }
        return file;
    }

    private static GgufValue u32(long v) {
        return new GgufValue.Int(GgufValueType.UINT32, v);
    }

    private static SoakConfig config(Path model, double rate, ProtectionPreset p, Duration scrub, Set<SoakTarget> targets) {
        return new SoakConfig(model, Duration.ofSeconds(3), rate, p, scrub, targets, 6, 24, 1, Duration.ofMillis(700), 42);
    }

    @Test
    void checksumAndScrubbingSeeTheFaultsInEveryTargetAndReportEachPeriod() throws Exception {
        List<SoakLine> seen = new ArrayList<>();
        SoakSummary s = Soak.run(config(model(), 0.3, ProtectionPreset.CHECKSUM, Duration.ofSeconds(1),
                EnumSet.allOf(SoakTarget.class)), seen::add);
        SoakLine last = s.last();
        assertTrue(seen.size() >= 3, "a line per period and one at the end: " + seen.size());
        assertEquals(seen, s.lines());
        assertTrue(last.tokens() > 100 && last.generations() > 2, last.format());
        assertEquals(last.generations() - last.uncorrectable() - last.crashes(), last.shadowChecks(),
                "every generation that finished is shadow-checked with shadowEvery 1: " + last.format());
        for (SoakTarget t : SoakTarget.values()) {
            assertTrue(s.injectedByTarget().get(t.cliName()) > 0, t + " got faults: " + s.injectedByTarget());
        }
        assertEquals(last.injected(), s.injectedByTarget().values().stream().mapToLong(Long::longValue).sum());
        assertTrue(last.detected() > 0 && last.corrected() <= last.detected(), last.format());
        assertEquals(0, last.crashes(), s.crashExamples().toString());
        assertTrue(last.heapUsedMiB() > 0 && last.gcMillis() >= 0, last.format());

        Path json = dir.resolve("soak.json");
        Soak.writeJson(s, json);
        JsonNode read = Soak.mapper().readTree(json.toFile());
        assertEquals(last.tokens(), read.get("final").get("tokens").asLong());
        assertEquals(s.lines().size(), read.get("lines").size());
    }

    /** The SDC count is real: without protection, weight faults that stay in memory change the generated ids. */
    @Test
    void withoutProtectionWeightFaultsShowUpAsSdcs() throws Exception {
        SoakSummary s = Soak.run(config(model(), 3, ProtectionPreset.NONE, Duration.ZERO, EnumSet.of(SoakTarget.WEIGHTS)),
                line -> { });
        assertTrue(s.last().injected() > 50, s.format());
        assertTrue(s.last().sdcs() > 0, "unprotected, accumulating weight faults must be seen as SDCs: " + s.format());
        assertEquals(0, s.last().detected(), s.format());
        assertTrue(!s.sdcExamples().isEmpty());
    }

    @Test
    void withoutFaultsNothingIsDetectedAndNothingDiffers() throws Exception {
        SoakSummary s = Soak.run(config(model(), 0, ProtectionPreset.CHECKSUM, Duration.ofSeconds(1),
                EnumSet.allOf(SoakTarget.class)), line -> { });
        assertEquals(0, s.last().injected());
        assertEquals(0, s.last().detected(), s.format());
        assertEquals(0, s.last().sdcs(), s.format());
        assertTrue(s.last().shadowChecks() > 0);
    }

    @Test
    void heapSlopeIsTheLeastSquaresFitAfterTheFirstReport() {
        List<SoakLine> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double heap = i == 0 ? 100 : 10 + 2 * i; // +2 MiB per 360 s = 20 MiB/hour; the warm-up line is ignored
            lines.add(new SoakLine(i * 360, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, heap, 0, 0));
        }
        assertEquals(20, Soak.slopePerHour(lines), 1e-9);
        assertEquals(0, Soak.slopePerHour(lines.subList(0, 3)));
    }

    @Test
    void targetListsParse() {
        assertEquals(EnumSet.allOf(SoakTarget.class), SoakTarget.parseList("all"));
        assertEquals(EnumSet.of(SoakTarget.KV_CACHE, SoakTarget.WEIGHTS), SoakTarget.parseList("kv-cache, weights"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SoakTarget.parseList("cpu"));
    }
}
