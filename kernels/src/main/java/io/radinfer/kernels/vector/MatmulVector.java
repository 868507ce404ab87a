package io.radinfer.kernels.vector;

import io.radinfer.kernels.quant.BF16;
import io.radinfer.kernels.quant.CheckedDot;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.F32;
import io.radinfer.kernels.quant.LittleEndian;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The prefill matmuls ({@code Kernels.matmul}, {@code matmulQ8}, {@code matmulQ8Checked}) with the Vector API,
 * register-blocked: a tile of {@value Tiles#R} weight rows by one or two vectors of activation columns keeps its
 * sums in registers, so each weight value is loaded once per tile of columns and a batch of 128 is bound by
 * the FMA units rather than by memory.
 *
 * <p>Per call the activations are packed into a per-thread buffer in panels of two column vectors (value
 * {@code k} of the panel's columns side by side, as floats; on the integer path the int8 values, block scales
 * and block sums), so a tile streams its panel in order. The
 * weights are then walked in row blocks of {@value #ROW_BLOCK} rows; inside a block, in {@value #KC}-value
 * slices of the row length, so the packed slice stays in the L2 cache while every row of the block uses it.
 * A tile's weights are expanded to floats once per slice (on the integer path without their scales: small
 * integers, whose 32-value block sums are exact in float).
 *
 * <p>Integer path results equal {@link io.radinfer.kernels.ops.ScalarKernels}' bit for bit: the block sums are
 * the same integers and are scaled and added in the same order with the same roundings; the checked variant's
 * sums are the scalar ones exactly. Float path results differ from the scalar twin by float rounding only.
 *
 * <p>The integer check of the checked variant comes from the same expanded weights through their per-tile
 * column sums ({@link Tiles#checkTile2}), not from the tile's sums: converting sixteen sums per block inside
 * the tile left vector boxes the JIT did not eliminate.
 *
 * <p>A thread's buffers are allocated once and grow only for a larger shape. Open: measured with -Xbatch,
 * compiled calls allocate nothing at every width; without it some runs kept allocating vector boxes the JIT
 * did not eliminate (see the disabled test in {@code MatmulVectorTest}).
 */
public final class MatmulVector {
    /** Values of the row length per slice (a multiple of the 256-value K-quant block). */
    static final int KC = 512;
    /** Rows per row block. */
    static final int ROW_BLOCK = 64;

    private static final int R = Tiles.R;

    private final Tiles tiles;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /**
     * @param maxBits the widest float species to use: 0 for the platform's preferred width, else 128, 256 or
     *     512 (capped at the preferred width)
     * @throws IllegalArgumentException for another {@code maxBits}
     */
    public MatmulVector(int maxBits) {
        this.tiles = Tiles.forBits(maxBits);
    }

    /** Bits of the float species in use. */
    public int vectorBits() {
        return tiles.bits();
    }

    /** Per-thread buffers, grown on demand and then reused. */
    static final class Scratch {
        float[] bq = new float[0];
        float[] bd = new float[0];
        float[] bs = new float[0];
        float[] a = new float[R * KC];
        float[] ws = new float[R * (KC / 32)];
        float[] wm = new float[R * (KC / 32)];
        float[] sc = new float[16];
        /** Column sums of a tile's integer weights (Q6_K: of their high parts), and Q6_K's low parts. */
        float[] asum = new float[KC];
        float[] asumLow = new float[KC];
        /** Bits the check sums of {@link #asum} are shifted by: 6 for Q6_K's split, else 0. */
        int shift;
        float[] c = new float[0];
        int[] chk = new int[0];

        void ensure(int n, int np, boolean integer) {
            int vals = n * np;
            if (bq.length < vals) {
                bq = new float[vals];
            }
            if (integer && bd.length < vals / 32) {
                bd = new float[vals / 32];
                bs = new float[vals / 32];
            }
            if (c.length < ROW_BLOCK * np) {
                c = new float[ROW_BLOCK * np];
                chk = new int[np];
            }
        }
    }

    /**
     * Float path for a batch, as {@code Kernels.matmul}: {@code y[b*yStride + r] = W[r] . x[b*cols ..]}, every
     * weight type.
     */
    public void matmul(Tensor w, float[] x, int batch, float[] y, int yStride, int rowStart, int rowEnd) {
        if (rowStart >= rowEnd || batch <= 0) {
            return;
        }
        int n = w.cols();
        int np = padded(batch);
        Scratch s = scratch.get();
        s.ensure(n, np, false);
        float[] bq = s.bq;
        int l2 = 2 * tiles.lanes();
        for (int b = 0; b < batch; b++) {
            int xo = b * n;
            int pw = panelWidth(b, np);
            int o = b / l2 * l2 * n + b % l2;
            for (int k = 0; k < n; k++) {
                bq[o + k * pw] = x[xo + k];
            }
        }
        run(w, false, null, s, np, batch, y, yStride, rowStart, rowEnd);
    }

    /** Integer path for a batch, as {@code Kernels.matmulQ8}: Q8_0, Q4_0, Q4_K and Q6_K weights. */
    public void matmulQ8(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int rowStart, int rowEnd) {
        matmulQ8(w, x, batch, y, yStride, rowStart, rowEnd, null);
    }

    /**
     * {@link #matmulQ8} that also adds to {@code acc[b]} (wrapping) every per-block integer dot product of
     * rows {@code [rowStart, rowEnd)} with activation vector {@code b}, from the same read of the weights.
     */
    public void matmulQ8Checked(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int rowStart,
            int rowEnd, int[] acc) {
        matmulQ8(w, x, batch, y, yStride, rowStart, rowEnd, acc);
    }

    private void matmulQ8(Tensor w, Q8Activations x, int batch, float[] y, int yStride, int rowStart, int rowEnd,
            int[] acc) {
        GgmlType t = w.type();
        if (t != GgmlType.Q8_0 && t != GgmlType.Q4_0 && t != GgmlType.Q4_K && t != GgmlType.Q6_K) {
            throw new UnsupportedOperationException(
                    "no integer path for " + t + " weights (" + w.name() + "); use matmul");
        }
        if (rowStart >= rowEnd || batch <= 0) {
            return;
        }
        int n = w.cols();
        int np = padded(batch);
        Scratch s = scratch.get();
        s.ensure(n, np, true);
        float[] bq = s.bq;
        float[] bd = s.bd;
        float[] bs = s.bs;
        byte[] qs = x.qs;
        int l2 = 2 * tiles.lanes();
        int nb = n >>> 5;
        for (int b = 0; b < batch; b++) {
            int xo = b * n;
            int pw = panelWidth(b, np);
            int o = b / l2 * l2 * n + b % l2;
            for (int k = 0; k < n; k++) {
                bq[o + k * pw] = qs[xo + k];
            }
            int od = b / l2 * l2 * nb + b % l2;
            for (int blk = 0; blk < nb; blk++) {
                bd[od + blk * pw] = x.d[(xo >> 5) + blk];
                bs[od + blk * pw] = x.sums[(xo >> 5) + blk];
            }
        }
        run(w, true, acc, s, np, batch, y, yStride, rowStart, rowEnd);
    }

    /**
     * Activations are packed in panels of two column vectors ({@code 2 * lanes()} columns; the last panel one
     * vector if {@code np} is an odd number of vectors): panel {@code p} starts at value {@code p * 2 * lanes() * n}
     * and holds value {@code k} of its column {@code j} at {@code k * width + j}, so a tile streams it in order.
     */
    private int panelWidth(int column, int np) {
        int l2 = 2 * tiles.lanes();
        return column / l2 * l2 + l2 <= np ? l2 : tiles.lanes();
    }

    private int padded(int batch) {
        int l = tiles.lanes();
        return (batch + l - 1) / l * l;
    }

    private void run(Tensor w, boolean integer, int[] acc, Scratch s, int np, int batch, float[] y, int yStride,
            int rowStart, int rowEnd) {
        int n = w.cols();
        int nb = n >>> 5;
        int l = tiles.lanes();
        int[] chk = acc != null ? s.chk : null;
        if (chk != null) {
            Arrays.fill(chk, 0, np, 0);
        }
        float[] c = s.c;
        int scales = 0;
        for (int r0 = rowStart; r0 < rowEnd; r0 += ROW_BLOCK) {
            int rows = Math.min(ROW_BLOCK, rowEnd - r0);
            int tilesInBlock = (rows + R - 1) / R;
            Arrays.fill(c, 0, tilesInBlock * R * np, 0f);
            for (int k0 = 0; k0 < n; k0 += KC) {
                int kc = Math.min(KC, n - k0);
                for (int t = 0; t < tilesInBlock; t++) {
                    int tr = r0 + t * R;
                    int valid = Math.min(R, rowEnd - tr);
                    if (integer) {
                        expandInt(w, tr, valid, k0, kc, s);
                    } else {
                        expandFloat(w, tr, valid, k0, kc, s);
                    }
                    int cOff = t * R * np;
                    float[] wm = w.type() == GgmlType.Q4_K ? s.wm : null;
                    if (chk != null) {
                        tileColumnSums(w.type(), kc, s);
                        if (w.type() == GgmlType.Q8_0 || w.type() == GgmlType.Q4_0) {
                            scales += scaleTerms(s.ws, valid * (kc >>> 5));
                        }
                    }
                    int c0 = 0;
                    for (; c0 + 2 * l <= np; c0 += 2 * l) {
                        if (integer) {
                            tiles.intTile2(s.a, kc, s.ws, wm, s.bq, s.bd, s.bs, c0 * n, c0 * nb, k0, c, cOff + c0, np);
                            if (chk != null) {
                                tiles.checkTile2(s.asum, kc, s.bq, c0 * n, k0, chk, c0, s.shift);
                                if (s.shift != 0) {
                                    tiles.checkTile2(s.asumLow, kc, s.bq, c0 * n, k0, chk, c0, 0);
                                }
                            }
                        } else {
                            tiles.floatTile2(s.a, kc, s.bq, c0 * n, k0, c, cOff + c0, np);
                        }
                    }
                    if (c0 < np) {
                        if (integer) {
                            tiles.intTile1(s.a, kc, s.ws, wm, s.bq, s.bd, s.bs, c0 * n, c0 * nb, k0, c, cOff + c0, np);
                            if (chk != null) {
                                tiles.checkTile1(s.asum, kc, s.bq, c0 * n, k0, chk, c0, s.shift);
                                if (s.shift != 0) {
                                    tiles.checkTile1(s.asumLow, kc, s.bq, c0 * n, k0, chk, c0, 0);
                                }
                            }
                        } else {
                            tiles.floatTile1(s.a, kc, s.bq, c0 * n, k0, c, cOff + c0, np);
                        }
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                int co = r * np;
                for (int b = 0; b < batch; b++) {
                    y[b * yStride + r0 + r] = c[co + b];
                }
            }
        }
        if (acc != null) {
            for (int b = 0; b < batch; b++) {
                acc[b] += chk[b] + scales;
            }
        }
    }

    /**
     * The Q8_0/Q4_0 scale terms ({@link CheckedDot#scaleTerm}) of the first {@code n} expanded block scales
     * of a tile (row stride {@code kc/32}, so the valid rows come first): every activation vector reads them.
     */
    private static int scaleTerms(float[] ws, int n) {
        int t = 0;
        for (int i = 0; i < n; i++) {
            t += CheckedDot.scaleTerm(ws[i]);
        }
        return t;
    }

    /**
     * The column sums of the tile's integer weights in {@code s.asum}, for the integer check: Q8_0, Q4_0 and
     * Q4_K weights are small enough that a block of these sums times int8 activations stays exact in float
     * ({@code 32 * 127 * 8 * 128 < 2^24}); Q6_K weights ({@code scale * q6}, up to 4096 in magnitude) are split
     * as {@code 64 * hi + lo} with {@code lo} in [0, 64), summed apart into {@code s.asum} (shifted back by 6
     * bits in int) and {@code s.asumLow}, each again small enough.
     */
    private void tileColumnSums(GgmlType type, int kc, Scratch s) {
        if (type != GgmlType.Q6_K) {
            s.shift = 0;
            tiles.sumRows(s.a, kc, s.asum);
            return;
        }
        s.shift = 6;
        float[] a = s.a;
        for (int k = 0; k < kc; k++) {
            int hi = 0;
            int lo = 0;
            for (int r = 0; r < R; r++) {
                int v = (int) a[r * kc + k];
                hi += v >> 6;
                lo += v & 63;
            }
            s.asum[k] = hi;
            s.asumLow[k] = lo;
        }
    }

    /**
     * Integer path: the weights of rows {@code [tr, tr+valid)}, values {@code [k0, k0+kc)}, as small integers
     * in {@code s.a} (row stride {@code kc}; rows past {@code valid} zero), their per-32-block scales in
     * {@code s.ws} and, for Q4_K, the min terms in {@code s.wm} (row stride {@code kc/32}).
     */
    private void expandInt(Tensor w, int tr, int valid, int k0, int kc, Scratch s) {
        int nb = kc >>> 5;
        for (int r = 0; r < R; r++) {
            int ao = r * kc;
            int wo = r * nb;
            if (r >= valid) {
                Arrays.fill(s.a, ao, ao + kc, 0f);
                Arrays.fill(s.ws, wo, wo + nb, 0f);
                Arrays.fill(s.wm, wo, wo + nb, 0f);
            } else {
                tiles.expandInt(w, tr + r, k0, kc, s.a, ao, s.ws, s.wm, wo, s.sc);
            }
        }
    }

    /** Float path: rows {@code [tr, tr+valid)}, values {@code [k0, k0+kc)}, dequantized into {@code s.a}. */
    private void expandFloat(Tensor w, int tr, int valid, int k0, int kc, Scratch s) {
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        float[] a = s.a;
        for (int r = 0; r < R; r++) {
            int ao = r * kc;
            if (r >= valid) {
                Arrays.fill(a, ao, ao + kc, 0f);
                continue;
            }
            long row = (tr + r) * rb;
            switch (w.type()) {
                case F32 -> MemorySegment.copy(seg, LittleEndian.FLOAT, row + (long) k0 * F32.BYTES,
                        a, ao, kc);
                case F16 -> {
                    for (int k = 0; k < kc; k++) {
                        a[ao + k] = F16.get(seg, row + (long) (k0 + k) * F16.BYTES);
                    }
                }
                case BF16 -> {
                    for (int k = 0; k < kc; k++) {
                        a[ao + k] = BF16.get(seg, row + (long) (k0 + k) * BF16.BYTES);
                    }
                }
                case Q8_0, Q4_0, Q4_K, Q6_K -> {
                    // the integers times their block scales (minus the Q4_K block minimum)
                    int nb = kc >>> 5;
                    int wo = r * nb;
                    tiles.expandInt(w, tr + r, k0, kc, s.a, ao, s.ws, s.wm, wo, s.sc);
                    boolean mins = w.type() == GgmlType.Q4_K;
                    for (int blk = 0; blk < nb; blk++) {
                        float d = s.ws[wo + blk];
                        float m = mins ? s.wm[wo + blk] : 0f;
                        for (int j = 0; j < 32; j++) {
                            a[ao + blk * 32 + j] = d * a[ao + blk * 32 + j] - m;
                        }
                    }
                }
            }
        }
    }
}
