package io.radinfer.runtime.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplersTest {

    private static float[] randomLogits(Random random, int n) {
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) {
            logits[i] = (float) (random.nextGaussian() * 3);
        }
        return logits;
    }

    @Test
    void temperatureZeroIsArgmaxWithTiesToTheLowestIdAndLogitsUntouched() {
        Sampler greedy = Samplers.runC(0.0f, 0.9f, 1L, 6);
        float[] logits = {0.5f, 3.0f, -1.0f, 3.0f, 2.9f, 3.0f};
        float[] before = logits.clone();
        assertEquals(1, greedy.sample(logits, 6));
        assertArrayEquals(before, logits);
        assertEquals(0, greedy.sample(new float[] {7f, 7f, 7f}, 3));
    }

    @Test
    void topPOffMeansOneCoinPerCallWalkingTheWholeDistribution() {
        // run.c: topp <= 0 or >= 1 selects sample_mult; the coin is the sampler's next random_f32.
        for (float topp : new float[] {0.0f, 1.0f}) {
            Random random = new Random(5);
            Sampler sampler = Samplers.runC(0.8f, topp, 7L, 64);
            XorShiftRng coins = new XorShiftRng(7L);
            for (int call = 0; call < 200; call++) {
                float[] logits = randomLogits(random, 64);
                float[] probs = logits.clone();
                Softmax.divide(probs, 64, 0.8f);
                Softmax.inPlace(probs, 64);
                int expected = MultinomialSampler.pick(probs, 64, coins.nextF32());
                assertEquals(expected, sampler.sample(logits, 64), "topp " + topp + ", call " + call);
                assertArrayEquals(probs, logits, "logits are replaced by the probabilities, as in run.c");
            }
        }
    }

    @Test
    void topPInsideTheUnitIntervalUsesTheNucleus() {
        Random random = new Random(6);
        Sampler sampler = Samplers.runC(1.0f, 0.9f, 42L, 64);
        TopPSampler reference = new TopPSampler(1.0f, 0.9f, new XorShiftRng(1), 64, "reference");
        XorShiftRng coins = new XorShiftRng(42L);
        for (int call = 0; call < 200; call++) {
            float[] logits = randomLogits(random, 64);
            float[] probs = logits.clone();
            Softmax.inPlace(probs, 64);
            assertEquals(reference.pick(probs, 64, coins.nextF32()), sampler.sample(logits, 64), "call " + call);
        }
    }

    @Test
    void fewerIdsThanTheVocabularyAreAllowedMoreAreNot() {
        Sampler sampler = Samplers.runC(1.0f, 0.9f, 3L, 8);
        int id = sampler.sample(new float[] {0f, 1f, 2f, 3f}, 4);
        assertEquals(true, id >= 0 && id < 4);
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(new float[16], 16));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(new float[4], 0));
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Samplers.runC(-0.5f, 0.9f, 1L, 8));
        assertThrows(IllegalArgumentException.class, () -> Samplers.runC(Float.NaN, 0.9f, 1L, 8));
        assertThrows(IllegalArgumentException.class, () -> Samplers.runC(Float.POSITIVE_INFINITY, 0.9f, 1L, 8));
        assertThrows(IllegalArgumentException.class, () -> Samplers.runC(1.0f, 1.5f, 1L, 8));
        assertThrows(IllegalArgumentException.class, () -> Samplers.runC(1.0f, Float.NaN, 1L, 8));
        assertThrows(IllegalArgumentException.class, () -> Samplers.runC(1.0f, 0.9f, 0L, 8));
        assertThrows(IllegalArgumentException.class, () -> Samplers.runC(1.0f, 0.9f, 1L, 0));
    }

    @Test
    void samplingAllocatesNothingPerCall() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int vocab = 8_192;
        float[] logits = randomLogits(new Random(8), vocab);
        float[] scratch = new float[vocab];
        Sampler[] samplers = {
            Samplers.runC(0.0f, 0.9f, 1L, vocab),
            Samplers.runC(0.8f, 1.0f, 2L, vocab),
            Samplers.runC(1.0f, 0.9f, 3L, vocab),
        };
        for (Sampler sampler : samplers) {
            int sink = 0;
            for (int i = 0; i < 2_000; i++) { // warm-up, so the measured calls run compiled code
                System.arraycopy(logits, 0, scratch, 0, vocab);
                sink += sampler.sample(scratch, vocab);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                System.arraycopy(logits, 0, scratch, 0, vocab);
                sink += sampler.sample(scratch, vocab);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(0L, allocated, sampler + " allocated " + allocated + " bytes in 100 calls (sink " + sink + ")");
        }
    }
}
