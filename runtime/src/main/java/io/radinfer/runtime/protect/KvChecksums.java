package io.radinfer.runtime.protect;

import io.radinfer.kernels.ops.KvCache;

/**
 * Checksums of the KV cache, kept as positions are written, for the attention checks: per layer the
 * running column sums of K (and of |K|) over the positions written so far, and per position and KV head the
 * sum and absolute sum of V's values; and per position and KV head the wrapping sums of the raw bits of its
 * keys and of its values, which the attention kernel recomputes from what it reads, so that any flipped bit
 * is seen exactly, however little it moves the scores. They are taken from the values as stored (after f16
 * rounding), so a later change of a stored value — an upset in the cache — shows as a mismatch.
 */
final class KvChecksums {
    private final KvCache cache;
    private final int nKv;
    private final int headSize;
    private final double[][] kSum;
    private final double[][] kAbs;
    private final float[][] vRows;
    private final int[][] kBits;
    private final int[][] vBits;
    private final int[] filled;

    KvChecksums(KvCache cache, int nKvHeads) {
        this.cache = cache;
        this.nKv = nKvHeads;
        this.headSize = cache.kvDim() / nKvHeads;
        int layers = cache.layers();
        this.kSum = new double[layers][cache.kvDim()];
        this.kAbs = new double[layers][cache.kvDim()];
        this.vRows = new float[layers][2 * cache.seqLen() * nKvHeads];
        this.kBits = new int[layers][cache.seqLen() * nKvHeads];
        this.vBits = new int[layers][cache.seqLen() * nKvHeads];
        this.filled = new int[layers];
    }

    /**
     * Accounts position {@code pos} of {@code layer}, just written. Rewriting an earlier position (a replayed
     * pass) recounts the running sums from the positions before it, after verifying each of them against the
     * bit sums recorded when it was written: the cache may have been hit since, and a recount that simply
     * re-read it would take the upset in as golden (the soak found exactly that: a KV upset and an activation
     * upset in the same pass, the second forcing the replay, left the first unseen).
     *
     * @return false if a position before {@code pos} no longer matches its bit sums (the cache must be rebuilt)
     */
    boolean written(int layer, int pos) {
        if (pos != filled[layer] && !recount(layer, pos)) {
            return false; // filled stays: the rebuild rewrites from before the damage, which recounts again
        }
        addRunning(layer, pos);
        record(layer, pos);
        filled[layer] = pos + 1;
        return true;
    }

    private boolean recount(int layer, int upTo) {
        java.util.Arrays.fill(kSum[layer], 0);
        java.util.Arrays.fill(kAbs[layer], 0);
        for (int t = 0; t < upTo; t++) {
            if (!intact(layer, t)) {
                return false;
            }
            addRunning(layer, t);
        }
        return true;
    }

    /** Whether position {@code t} of {@code layer} still matches the bit sums recorded when it was written. */
    private boolean intact(int layer, int t) {
        for (int g = 0; g < nKv; g++) {
            if (rowBits(true, layer, t, g) != kBits[layer][t * nKv + g]
                    || rowBits(false, layer, t, g) != vBits[layer][t * nKv + g]) {
                return false;
            }
        }
        return true;
    }

    /** The wrapping sum of the raw bits of KV head {@code g}'s keys (or values) at position {@code t}, as stored. */
    private int rowBits(boolean keys, int layer, int t, int g) {
        int b = 0;
        for (int i = g * headSize, e = i + headSize; i < e; i++) {
            b += Float.floatToRawIntBits(keys ? cache.key(layer, t, i) : cache.value(layer, t, i));
        }
        return b;
    }

    /**
     * The first position below {@code upTo} that some layer no longer holds as written, or {@code upTo} if
     * every accounted position is intact (then the fault was not in the stored cache).
     */
    int firstDamaged(int upTo) {
        int first = upTo;
        for (int layer = 0; layer < filled.length; layer++) {
            int end = Math.min(first, filled[layer]);
            for (int t = 0; t < end; t++) {
                if (!intact(layer, t)) {
                    first = t;
                    break;
                }
            }
        }
        return first;
    }

    private void addRunning(int layer, int pos) {
        double[] ks = kSum[layer];
        double[] ka = kAbs[layer];
        for (int i = 0; i < ks.length; i++) {
            float kv = cache.key(layer, pos, i);
            ks[i] += kv;
            ka[i] += Math.abs(kv);
        }
    }

    /** The per-position records of {@code pos}: V's sums and the bit sums of K and V, per KV head. */
    private void record(int layer, int pos) {
        float[] vr = vRows[layer];
        for (int g = 0; g < nKv; g++) {
            float s = 0f;
            float a = 0f;
            for (int i = 0; i < headSize; i++) {
                float vv = cache.value(layer, pos, g * headSize + i);
                s += vv;
                a += Math.abs(vv);
            }
            vr[2 * (pos * nKv + g)] = s;
            vr[2 * (pos * nKv + g) + 1] = a;
            kBits[layer][pos * nKv + g] = rowBits(true, layer, pos, g);
            vBits[layer][pos * nKv + g] = rowBits(false, layer, pos, g);
        }
    }

    /** The wrapping sum of the raw bits of KV head {@code g}'s keys at positions {@code 0..pos} of {@code layer}. */
    int keyBits(int layer, int g, int pos) {
        return bitSum(kBits[layer], g, pos);
    }

    /** The same for the values. */
    int valueBits(int layer, int g, int pos) {
        return bitSum(vBits[layer], g, pos);
    }

    private int bitSum(int[] bits, int g, int pos) {
        int s = 0;
        for (int t = 0; t <= pos; t++) {
            s += bits[t * nKv + g];
        }
        return s;
    }

    double[] kSum(int layer) {
        return kSum[layer];
    }

    double[] kAbs(int layer) {
        return kAbs[layer];
    }

    float[] vRows(int layer) {
        return vRows[layer];
    }

    /** Positions of {@code layer} accounted for. */
    int filled(int layer) {
        return filled[layer];
    }
}
