package io.radinfer.runtime.sample;

/**
 * Top-p (nucleus) sampling exactly as llama2.c's {@code run.c} ({@code sample_topp}): divide by the
 * temperature, softmax, draw one coin; keep the candidates with probability {@code >= (1 - p) / (n - 1)}
 * (an id below that cannot be in the nucleus), order them by descending probability, cut after the first
 * one at which the float running sum exceeds {@code p}, and pick where {@code coin * sum} falls in that
 * prefix.
 *
 * <p>Order among exactly equal probabilities: ascending id. run.c gathers candidates in id order and sorts
 * them with glibc's {@code qsort}, which is a merge sort (stable) whenever it can allocate its buffer, so it
 * also keeps ascending id; C does not promise that, and with real logits exact ties inside the nucleus are
 * rare.
 *
 * <p>No allocation per call: each candidate is packed into one {@code long} (descending-probability key in
 * the high half, id in the low half) in a buffer made at construction, arranged as a binary min-heap, and
 * popped in order only until the nucleus is complete — the same prefix a full sort gives, without sorting
 * the tail.
 */
final class TopPSampler implements Sampler {
    private final float temperature;
    private final float topp;
    private final XorShiftRng rng;
    private final long[] candidates;
    private final String description;

    TopPSampler(float temperature, float topp, XorShiftRng rng, int vocab, String description) {
        this.temperature = temperature;
        this.topp = topp;
        this.rng = rng;
        this.candidates = new long[vocab];
        this.description = description;
    }

    @Override
    public int sample(float[] logits, int n) {
        Samplers.checkLength(logits, n, candidates.length);
        Softmax.divide(logits, n, temperature);
        Softmax.inPlace(logits, n);
        return pick(logits, n, rng.nextF32());
    }

    /**
     * run.c's {@code sample_topp} on probabilities {@code probs[0..n)} with the given coin in [0, 1).
     * Returns {@code n - 1} when no probability reaches the cutoff, which happens only for {@code n == 1}
     * (the cutoff is then infinite) or NaN probabilities; run.c reads outside its buffer there.
     */
    int pick(float[] probs, int n, float coin) {
        float cutoff = (1.0f - topp) / (n - 1);
        long[] heap = candidates;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (probs[i] >= cutoff) {
                heap[count++] = key(probs[i], i);
            }
        }
        if (count == 0) {
            return n - 1;
        }
        for (int i = (count >>> 1) - 1; i >= 0; i--) {
            siftDown(heap, i, count);
        }
        // Pop the smallest key (largest probability, then lowest id) into the slot freed at the end of the
        // heap, so the nucleus ends up in heap[count - 1], heap[count - 2], ... in sorted order.
        float cumulative = 0.0f;
        int taken = 0;
        int size = count;
        while (size > 0) {
            long top = heap[0];
            size--;
            heap[0] = heap[size];
            heap[size] = top;
            siftDown(heap, 0, size);
            cumulative += probability(top);
            taken++;
            if (cumulative > topp) {
                break;
            }
        }
        float r = coin * cumulative;
        float cdf = 0.0f;
        for (int k = 0; k < taken; k++) {
            long c = heap[count - 1 - k];
            cdf += probability(c);
            if (r < cdf) {
                return id(c);
            }
        }
        return id(heap[count - taken]);
    }

    /**
     * Probabilities here are non-negative floats, whose bit patterns order like their values; subtracting
     * from {@code Integer.MAX_VALUE} reverses that, so ascending keys mean descending probability, then
     * ascending id.
     */
    private static long key(float probability, int id) {
        return ((long) (Integer.MAX_VALUE - Float.floatToRawIntBits(probability)) << 32) | id;
    }

    private static float probability(long key) {
        return Float.intBitsToFloat(Integer.MAX_VALUE - (int) (key >>> 32));
    }

    private static int id(long key) {
        return (int) key;
    }

    private static void siftDown(long[] heap, int i, int size) {
        long x = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            long c = heap[child];
            int right = child + 1;
            if (right < size && heap[right] < c) {
                child = right;
                c = heap[right];
            }
            if (x <= c) {
                break;
            }
            heap[i] = c;
            i = child;
        }
        heap[i] = x;
    }

    @Override
    public String toString() {
        return description;
    }
}
