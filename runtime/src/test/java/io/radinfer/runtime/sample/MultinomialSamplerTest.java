package io.radinfer.runtime.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MultinomialSamplerTest {

    @Test
    void coinWalksTheCumulativeDistributionWithStrictLessThan() {
        float[] probs = {0.25f, 0.5f, 0.25f};
        // cdf after each id: 0.25, 0.75, 1.0; an id is chosen when coin < its cdf.
        assertEquals(0, MultinomialSampler.pick(probs, 3, 0.0f));
        assertEquals(0, MultinomialSampler.pick(probs, 3, 0.2499f));
        assertEquals(1, MultinomialSampler.pick(probs, 3, 0.25f), "coin equal to the cdf moves on");
        assertEquals(2, MultinomialSampler.pick(probs, 3, 0.75f));
        assertEquals(2, MultinomialSampler.pick(probs, 3, 0.9999f));
    }

    @Test
    void roundingShortfallFallsBackToTheLastId() {
        float[] probs = {0.125f, 0.125f, 0.25f};
        assertEquals(2, MultinomialSampler.pick(probs, 3, 0.75f));
    }

    @Test
    void frequenciesFollowTheTemperatureSoftmax() {
        float[] logits = {1.0f, 2.0f, 0.5f, -1.0f, 1.5f};
        float temperature = 0.7f;
        double[] expected = softmax(logits, temperature);
        Sampler sampler = Samplers.runC(temperature, 1.0f, 1234L, logits.length);
        int draws = 40_000;
        int[] counts = new int[logits.length];
        float[] scratch = new float[logits.length];
        for (int i = 0; i < draws; i++) {
            System.arraycopy(logits, 0, scratch, 0, logits.length);
            counts[sampler.sample(scratch, logits.length)]++;
        }
        for (int id = 0; id < logits.length; id++) {
            double p = expected[id];
            double sigma = Math.sqrt(p * (1 - p) / draws);
            double freq = counts[id] / (double) draws;
            // Five standard errors: a correct sampler fails this with probability ~6e-7 per id.
            assertTrue(Math.abs(freq - p) < 5 * sigma, "id " + id + ": frequency " + freq + " vs probability " + p);
        }
    }

    static double[] softmax(float[] logits, float temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l / (double) temperature);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] / (double) temperature - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
