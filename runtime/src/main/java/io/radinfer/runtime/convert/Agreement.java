package io.radinfer.runtime.convert;

/**
 * How closely a converted model follows its reference on the same (teacher-forced) positions: the share of
 * positions whose top-1 token agrees, and the mean Kullback-Leibler divergence KL(reference || converted)
 * of the next-token distributions, in nats. Two more figures explain a disagreement: the root-mean-square
 * difference of the logits, and the widest reference-logit margin that a disagreement overturned (the
 * reference's top logit minus its logit for the converted model's choice; 0 when all positions agree).
 */
public record Agreement(double top1, double meanKl, double rmsLogitDelta, double maxFlippedMargin) {

    /** Compares {@code positions} rows of {@code vocab} logits. */
    public static Agreement of(float[] reference, float[] converted, int positions, int vocab) {
        int agree = 0;
        double kl = 0;
        double sq = 0;
        double flipped = 0;
        for (int p = 0; p < positions; p++) {
            int off = p * vocab;
            int r = argmax(reference, off, vocab);
            int c = argmax(converted, off, vocab);
            if (r == c) {
                agree++;
            } else {
                flipped = Math.max(flipped, (double) reference[off + r] - reference[off + c]);
            }
            for (int i = 0; i < vocab; i++) {
                double d = (double) reference[off + i] - converted[off + i];
                sq += d * d;
            }
            double[] pr = softmax(reference, off, vocab);
            double[] pc = softmax(converted, off, vocab);
            for (int i = 0; i < vocab; i++) {
                if (pr[i] > 0) {
                    kl += pr[i] * (Math.log(pr[i]) - Math.log(Math.max(pc[i], Double.MIN_NORMAL)));
                }
            }
        }
        return new Agreement((double) agree / positions, kl / positions, Math.sqrt(sq / ((double) positions * vocab)),
                flipped);
    }

    private static int argmax(float[] x, int off, int n) {
        int b = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i] > x[off + b]) {
                b = i;
            }
        }
        return b;
    }

    private static double[] softmax(float[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(x[off + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
