package io.radinfer.runtime.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopPSamplerTest {

    private static TopPSampler sampler(float topp, int vocab) {
        return new TopPSampler(1.0f, topp, new XorShiftRng(1), vocab, "test");
    }

    @Test
    void nucleusIsCutWhereTheSortedSumFirstExceedsP() {
        // Powers of two, so every float sum below is exact. Sorted by descending probability:
        // id 1 (0.375), id 3 (0.25), id 4 (0.1875), id 0 (0.125), id 2 (0.0625).
        // With p = 0.6 the running sum is 0.375, then 0.625 > 0.6: the nucleus is {1, 3} with mass 0.625.
        // (The cutoff (1 - 0.6) / 4 = 0.1 also drops id 2 before sorting.)
        float[] probs = {0.125f, 0.375f, 0.0625f, 0.25f, 0.1875f};
        TopPSampler s = sampler(0.6f, 5);
        // r = coin * 0.625: id 1 while r < 0.375 (coin < 0.6), then id 3 while r < 0.625.
        assertEquals(1, s.pick(probs, 5, 0.0f));
        assertEquals(1, s.pick(probs, 5, 0.5f));
        assertEquals(3, s.pick(probs, 5, 0.6f));
        assertEquals(3, s.pick(probs, 5, 0.9999f));
    }

    @Test
    void wideNucleusReachesTheSmallestCandidate() {
        // p = 0.99: cutoff 0.0025 keeps all five; running sum 0.375, 0.625, 0.8125, 0.9375, 1.0 > 0.99,
        // so all five are in and r = coin * 1.0. Coin 0.95 lies past 0.9375: the last one, id 2.
        float[] probs = {0.125f, 0.375f, 0.0625f, 0.25f, 0.1875f};
        TopPSampler s = sampler(0.99f, 5);
        assertEquals(2, s.pick(probs, 5, 0.95f));
        assertEquals(0, s.pick(probs, 5, 0.9f));
        assertEquals(4, s.pick(probs, 5, 0.7f));
    }

    @Test
    void equalProbabilitiesAreOrderedByAscendingId() {
        // Four ties of 0.25; p = 0.6: nucleus = first three in id order (sum 0.75), r = coin * 0.75.
        float[] probs = {0.25f, 0.25f, 0.25f, 0.25f};
        TopPSampler s = sampler(0.6f, 4);
        assertEquals(0, s.pick(probs, 4, 0.0f));
        assertEquals(1, s.pick(probs, 4, 0.5f));   // r = 0.375
        assertEquals(2, s.pick(probs, 4, 0.9f));   // r = 0.675
    }

    @Test
    void singleIdVocabularyAlwaysYieldsIt() {
        assertEquals(0, sampler(0.9f, 1).pick(new float[] {1.0f}, 1, 0.5f));
    }

    @Test
    void nanProbabilitiesStillYieldAValidId() {
        float[] probs = {Float.NaN, Float.NaN, Float.NaN};
        int id = sampler(0.9f, 3).pick(probs, 3, 0.5f);
        assertTrue(id >= 0 && id < 3);
    }

    @Test
    void frequenciesAreTheRenormalisedNucleus() {
        // Softmax of these logits at T = 1 is roughly 0.49, 0.29, 0.18, 0.03, 0.01; with p = 0.7 the nucleus
        // is ids 0 and 1 (0.49 + 0.29 > 0.7), sampled in proportion 0.49 : 0.29.
        float[] logits = {2.0f, 1.5f, 1.0f, -0.8f, -2.0f};
        double[] p = MultinomialSamplerTest.softmax(logits, 1.0f);
        assertTrue(p[0] < 0.7 && p[0] + p[1] > 0.7, "test premise");
        Sampler sampler = Samplers.runC(1.0f, 0.7f, 99L, logits.length);
        int draws = 40_000;
        int[] counts = new int[logits.length];
        float[] scratch = new float[logits.length];
        for (int i = 0; i < draws; i++) {
            System.arraycopy(logits, 0, scratch, 0, logits.length);
            counts[sampler.sample(scratch, logits.length)]++;
        }
        assertEquals(0, counts[2] + counts[3] + counts[4], "ids outside the nucleus were drawn");
        double q = p[0] / (p[0] + p[1]);
        double freq = counts[0] / (double) draws;
        double sigma = Math.sqrt(q * (1 - q) / draws);
        assertTrue(Math.abs(freq - q) < 5 * sigma, "id 0 frequency " + freq + " vs " + q);
    }
}
