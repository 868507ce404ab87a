package io.radinfer.runtime.convert;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Is stories260K's Q8_0 shortfall (90.2% teacher-forced top-1 agreement against the 95% the model-runtime
 * issue asks for) the quantizer's or the model's? This test gives the f32 model weight noise of exactly Q8_0's
 * size but none of its structure: every value Q8_0 would store in a 32-block moves by {@code u * d} with
 * {@code u} uniform in [-1/2, 1/2) and {@code d = amax / 127} the block's Q8_0 step, the error distribution of
 * round-to-nearest, drawn independently. If random noise of that size also lands well below 95%, no rounding
 * into 8-bit blocks of 32 reaches the target on this model, and the Q8_0 file is as close as such noise allows.
 * F16 (about 2^-11 relative) is measured beside it as the precision at which the model stops flipping.
 */
class QuantizationNoiseTest {

    private static final int SEEDS = 8;

    @Test
    void q8SizedRandomNoiseAgreesNoBetterThanQ8(@TempDir Path tmp) throws IOException {
        Path d = QuantizerTest.stories();
        Path bin = d.resolve("stories260K.bin");
        int[] forced = forcedIds(d);
        float[] ref = logits(bin, forced);
        int vocab = ref.length / 256;

        float[] q8 = logits(convert(bin, GgmlType.Q8_0, tmp), forced);
        float[] f16 = logits(convert(bin, GgmlType.F16, tmp), forced);
        Agreement aq8 = Agreement.of(ref, q8, 256, vocab);
        Agreement af16 = Agreement.of(ref, f16, 256, vocab);

        byte[] original = Files.readAllBytes(bin);
        double[] top1 = new double[SEEDS];
        double[] kl = new double[SEEDS];
        for (int seed = 0; seed < SEEDS; seed++) {
            Path noisy = tmp.resolve("noisy-" + seed + ".bin");
            Files.write(noisy, withQ8SizedNoise(original, seed));
            Agreement a = Agreement.of(ref, logits(noisy, forced), 256, vocab);
            top1[seed] = a.top1();
            kl[seed] = a.meanKl();
        }
        double[] sorted = top1.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(top1).average().orElseThrow();
        System.out.printf("stories260K, f32 path, teacher-forced top-1 agreement over 256 positions:%n"
                + "  f16 file %.1f%% (mean KL %.5f)%n  q8_0 file %.1f%% (mean KL %.5f)%n"
                + "  f32 + Q8_0-sized uniform noise, %d seeds: mean %.1f%%, min %.1f%%, max %.1f%% (mean KL %.5f)%n",
                100 * af16.top1(), af16.meanKl(), 100 * aq8.top1(), aq8.meanKl(), SEEDS, 100 * mean,
                100 * sorted[0], 100 * sorted[SEEDS - 1], Arrays.stream(kl).average().orElseThrow());

        // The claims the docs make, stated so that they can fail: noise of Q8_0's size keeps this model below the
        // 95% target on average (measured 2026-12-05: mean 92.6%, seeds 90.6-94.5%), the Q8_0 file is within the
        // seeds' spread of such noise, and f16 follows the f32 model more closely than any seed of it.
        assertTrue(mean < 0.95, "Q8_0-sized noise reached the 95% target on average: " + Arrays.toString(top1));
        assertTrue(aq8.top1() >= sorted[0] - 0.02, "q8_0 agrees worse than random noise of its size: " + aq8.top1()
                + " vs " + Arrays.toString(top1));
        assertTrue(af16.top1() > sorted[SEEDS - 1], "f16 should follow the f32 model more closely than 8-bit noise");
    }

    static int[] forcedIds(Path d) throws IOException {
        int[] greedy = QuantizerTest.greedyIds(d);
        int[] forced = new int[256];
        forced[0] = 1;
        System.arraycopy(greedy, 0, forced, 1, 255);
        return forced;
    }

    static float[] logits(Path model, int[] forced) throws IOException {
        try (Model m = Model.load(model); Session s = m.newSession(SessionOptions.defaults().withIntegerPath(false))) {
            float[] out = new float[forced.length * m.config().vocab()];
            s.logits(forced, out);
            return out;
        }
    }

    static Path convert(Path bin, GgmlType type, Path dir) throws IOException {
        Path out = dir.resolve(type + ".gguf");
        Quantizer.quantize(bin, type, out, null);
        return out;
    }

    /**
     * The checkpoint with every tensor Q8_0 would quantize (the token embedding, which is also the classifier,
     * and wq, wk, wv, wo, w1, w3; not w2, whose rows of 172 do not fill 32-blocks, nor the norms) moved by
     * uniform noise of its blocks' Q8_0 step.
     */
    static byte[] withQ8SizedNoise(byte[] checkpoint, long seed) {
        ByteBuffer bb = ByteBuffer.wrap(checkpoint.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int dim = bb.getInt(0);
        int hidden = bb.getInt(4);
        int layers = bb.getInt(8);
        int heads = bb.getInt(12);
        int kvHeads = bb.getInt(16);
        int vocab = Math.abs(bb.getInt(20));
        int kvDim = dim * kvHeads / heads;
        FloatBuffer f = bb.position(28).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        Random rnd = new Random(seed);
        int at = 0;
        at = perturb(f, at, vocab * dim, rnd); // token embedding = classifier
        at += layers * dim; // rms_att
        at = perturb(f, at, layers * dim * dim, rnd); // wq
        at = perturb(f, at, layers * kvDim * dim, rnd); // wk
        at = perturb(f, at, layers * kvDim * dim, rnd); // wv
        at = perturb(f, at, layers * dim * dim, rnd); // wo
        at += layers * dim; // rms_ffn
        at = perturb(f, at, layers * hidden * dim, rnd); // w1
        at += layers * dim * hidden; // w2, rows of 172: kept f32 by the quantizer
        perturb(f, at, layers * hidden * dim, rnd); // w3
        return bb.array();
    }

    private static int perturb(FloatBuffer f, int at, int n, Random rnd) {
        for (int b = at; b < at + n; b += 32) {
            float amax = 0;
            for (int i = b; i < b + 32; i++) {
                amax = Math.max(amax, Math.abs(f.get(i)));
            }
            float step = amax / 127f;
            for (int i = b; i < b + 32; i++) {
                f.put(i, f.get(i) + step * (rnd.nextFloat() - 0.5f));
            }
        }
        return at + n;
    }
}
