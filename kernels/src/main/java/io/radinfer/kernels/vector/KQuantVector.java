package io.radinfer.kernels.vector;

import io.radinfer.kernels.quant.CheckedDot;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

/**
 * The decode matvecs ({@code Kernels.matvec}, {@code matvecQ8}, {@code matvecQ8Checked}) for the K-quants
 * (Q4_K, Q6_K) with the Vector API.
 *
 * <p>Integer path: a row's 6-bit or 4-bit values are expanded to small integers held in floats (Q6_K already
 * times its 16-value sub-block scale, so a 32-value block shares one factor {@code d}), then per 32-value block
 * the products with the int8 activations are summed lane by lane; the sums are exact integers, so the wrapping
 * integer sum of the checked variant equals the scalar twin's exactly. The block sums are then scaled by
 * {@code dx * d * scale} (Q4_K: minus {@code dx * dmin * min * sum(qx)}, summed apart), in another order than
 * the scalar twin, so outputs agree with it within float rounding.
 *
 * <p>A thread's buffers are allocated once and grow only for a longer row. Open: measured with -Xbatch,
 * compiled calls allocate nothing at every width; without it some runs kept allocating vector boxes the JIT
 * did not eliminate (see the disabled test in {@code KQuantVectorTest}).
 */
public final class KQuantVector {
    private final Tiles tiles;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /**
     * @param maxBits the widest float species to use: 0 for the platform's preferred width, else 128, 256 or
     *     512 (capped at the preferred width)
     * @throws IllegalArgumentException for another {@code maxBits}
     */
    public KQuantVector(int maxBits) {
        this.tiles = Tiles.forBits(maxBits);
    }

    /** Bits of the float species in use. */
    public int vectorBits() {
        return tiles.bits();
    }

    private static final class Scratch {
        float[] a = new float[0];
        float[] ws = new float[0];
        float[] wm = new float[0];
        float[] scale = new float[0];
        float[] xq = new float[0];
        final float[] sc = new float[16];

        void ensure(int n) {
            if (a.length < n) {
                a = new float[n];
                ws = new float[n / 32];
                wm = new float[n / 32];
                scale = new float[n / 32];
                xq = new float[n];
            }
        }
    }

    private static void requireKQuant(Tensor w) {
        if (w.type() != GgmlType.Q4_K && w.type() != GgmlType.Q6_K) {
            throw new IllegalArgumentException(
                    "KQuantVector handles Q4_K and Q6_K weights, got " + w.type() + " (" + w.name() + ")");
        }
    }

    /**
     * Float path, as {@code Kernels.matvec}: {@code y[r] = W[r] . x[xOff ..]}; each row is dequantized to a
     * per-thread buffer and multiplied with FMAs.
     *
     * @throws IllegalArgumentException for weights other than Q4_K and Q6_K
     */
    public void matvec(Tensor w, float[] x, int xOff, float[] y, int rowStart, int rowEnd) {
        requireKQuant(w);
        int n = w.cols();
        int nb = n >>> 5;
        Scratch s = scratch.get();
        s.ensure(n);
        float[] a = s.a;
        boolean mins = w.type() == GgmlType.Q4_K;
        for (int r = rowStart; r < rowEnd; r++) {
            tiles.expandInt(w, r, 0, n, a, 0, s.ws, s.wm, 0, s.sc);
            for (int blk = 0; blk < nb; blk++) {
                float d = s.ws[blk];
                float m = mins ? s.wm[blk] : 0f;
                int o = blk << 5;
                for (int j = 0; j < 32; j++) {
                    a[o + j] = d * a[o + j] - m;
                }
            }
            y[r] = tiles.rowFloat(a, x, xOff, n);
        }
    }

    /**
     * Integer path, as {@code Kernels.matvecQ8}, with activations rounded to Q8_0 from value {@code xOff}.
     *
     * @throws IllegalArgumentException for weights other than Q4_K and Q6_K
     */
    public void matvecQ8(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd) {
        run(w, x, xOff, y, rowStart, rowEnd);
    }

    /**
     * {@link #matvecQ8} that also returns the wrapping sum of the integers the sub-blocks multiply (Q4_K:
     * {@code sum nibble * qx}; Q6_K: {@code sum scale * q6 * qx}) over rows {@code [rowStart, rowEnd)}, from the
     * same read of the weights: exactly the scalar twin's sum.
     *
     * @throws IllegalArgumentException for weights other than Q4_K and Q6_K
     */
    public int matvecQ8Checked(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd) {
        return run(w, x, xOff, y, rowStart, rowEnd);
    }

    private int run(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd) {
        requireKQuant(w);
        int n = w.cols();
        int nb = n >>> 5;
        Scratch s = scratch.get();
        s.ensure(n);
        float[] xq = s.xq;
        byte[] qs = x.qs;
        for (int k = 0; k < n; k++) {
            xq[k] = qs[xOff + k];
        }
        int xb = xOff >> 5;
        boolean q4k = w.type() == GgmlType.Q4_K;
        float[] scale = s.scale;
        float[] ws = s.ws;
        float[] wm = s.wm;
        int check = 0;
        for (int r = rowStart; r < rowEnd; r++) {
            tiles.expandInt(w, r, 0, n, s.a, 0, ws, wm, 0, s.sc);
            float minTerm = 0f;
            for (int blk = 0; blk < nb; blk++) {
                float dx = x.d[xb + blk];
                scale[blk] = dx * ws[blk];
                if (q4k) {
                    minTerm += dx * (wm[blk] * x.sums[xb + blk]);
                }
            }
            long packed = tiles.rowInt(s.a, xq, 0, scale, nb);
            y[r] = CheckedDot.value(packed) - minTerm;
            check += CheckedDot.integerSum(packed);
        }
        return check;
    }
}
