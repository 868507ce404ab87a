package io.radinfer.kernels.vector;

import jdk.incubator.vector.FloatVector;

import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.Q4_0;
import io.radinfer.kernels.quant.Q4_K;
import io.radinfer.kernels.quant.Q6_K;
import io.radinfer.kernels.quant.Q8_0;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The SIMD inner loops shared by {@link MatmulVector} and {@link KQuantVector}, one subclass per species
 * width (see {@link Tiles512} for why the loops are copied per width). Everything around the loops (packing,
 * scales, tails, scratch) is width-independent and lives here or in the callers.
 *
 * <p>{@code Tiles512} is the source; {@code Tiles256} and {@code Tiles128} are made from it by replacing the
 * class name and the species constants, and must not be edited by hand:
 * <pre>
 * sed -e 's/Tiles512/Tiles256/g' -e 's/SPECIES_512/SPECIES_256/g' -e 's/ByteVector.SPECIES_128/ByteVector.SPECIES_64/' \
 *     Tiles512.java &gt; Tiles256.java
 * sed -e 's/Tiles512/Tiles128/g' -e 's/SPECIES_512/SPECIES_128/g' -e 's/ByteVector.SPECIES_128;/ByteVector.SPECIES_64;/' \
 *     Tiles512.java &gt; Tiles128.java
 * </pre>
 */
abstract class Tiles {
    /** Weight rows per tile: 8 rows x 2 column vectors of sums fill 16 of the 32 vector registers. */
    static final int R = 8;

    /**
     * The tiles for a float species of at most {@code maxBits} bits (0: the platform's preferred width).
     *
     * @throws IllegalArgumentException if {@code maxBits} is not 0, 128, 256 or 512
     */
    static Tiles forBits(int maxBits) {
        if (maxBits != 0 && maxBits != 128 && maxBits != 256 && maxBits != 512) {
            throw new IllegalArgumentException("maxBits must be 0, 128, 256 or 512, got " + maxBits);
        }
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        int bits = maxBits == 0 ? preferred : Math.min(maxBits, preferred);
        if (bits >= 512) {
            return new Tiles512();
        }
        if (bits >= 256) {
            return new Tiles256();
        }
        return new Tiles128();
    }

    /** Floats per vector. */
    abstract int lanes();

    /** Bits per float vector. */
    abstract int bits();

    /** {@code a[aOff + i] = (float) int8 at off + i} for {@code i < n}; {@code n} a multiple of 16. */
    abstract void bytesToFloat(MemorySegment seg, long off, int n, float[] a, int aOff);

    /**
     * For each of {@code nBytes} bytes (a multiple of 16) from {@code off}: its low nibble minus {@code bias}
     * to {@code a[loOff + i]}, its high nibble minus {@code bias} to {@code a[hiOff + i]}.
     */
    abstract void nibblesToFloat(MemorySegment seg, long off, int nBytes, int bias, float[] a, int loOff, int hiOff);

    /**
     * The 256 signed 6-bit values of the Q6_K block at {@code blockOff}, each times {@code scale[s]} of its
     * 16-value sub-block {@code s} (the layout of {@link io.radinfer.kernels.quant.Q6_K}), to {@code a[aOff ..]}.
     */
    abstract void q6kToFloat(MemorySegment seg, long blockOff, float[] scale, float[] a, int aOff);

    /**
     * Float tile over {@code kc} values from {@code k0}: for {@code r < R} and the {@code 2 * lanes()} columns
     * {@code j} of a packed panel, {@code c[cOff + r*np + j] += sum_k a[r*kc + k] * bq[bOff + (k0 + k)*2*lanes() + j]}.
     */
    abstract void floatTile2(float[] a, int kc, float[] bq, int bOff, int k0, float[] c, int cOff, int np);

    /** {@link #floatTile2} for a panel of one column vector ({@code lanes()} columns). */
    abstract void floatTile1(float[] a, int kc, float[] bq, int bOff, int k0, float[] c, int cOff, int np);

    /**
     * Integer tile over the {@code kc/32} blocks from value {@code k0}: per block and (row, column) the exact sum
     * {@code s} of the 32 products of {@code a} (as {@link #floatTile2}) with the panel, then in block order
     * {@code c += s * (bd * ws)} or, for {@code wm != null}, the Q4_K form {@code c += bd * (s * ws - bs * wm)},
     * rounding as the scalar kernels do ({@code ws}, {@code wm}: per row {@code kc/32} factors; {@code bd},
     * {@code bs}: the panel's per-block activation scales and sums from {@code dOff}).
     */
    abstract void intTile2(float[] a, int kc, float[] ws, float[] wm, float[] bq, float[] bd, float[] bs, int bOff,
            int dOff, int k0, float[] c, int cOff, int np);

    /** {@link #intTile2} for a panel of one column vector. */
    abstract void intTile1(float[] a, int kc, float[] ws, float[] wm, float[] bq, float[] bd, float[] bs, int bOff,
            int dOff, int k0, float[] c, int cOff, int np);

    /** {@code out[k] = sum_r a[r*kc + k]} over the {@link #R} rows of a tile, {@code k < kc}. */
    abstract void sumRows(float[] a, int kc, float[] out);

    /**
     * The integer check of a tile: {@code chk[c0 + j] += (sum over blocks of sum_k asum[k] * panel[k][j]) << shift}
     * (wrapping) for the panel's two column vectors, where {@code asum} are the tile's column sums of integer
     * weights. Each block's sum is exact in float while {@code 32 * 127 * max|asum| < 2^24}; the caller splits
     * larger weights (Q6_K) into two such parts.
     */
    abstract void checkTile2(float[] asum, int kc, float[] bq, int bOff, int k0, int[] chk, int c0, int shift);

    /** {@link #checkTile2} for a panel of one column vector. */
    abstract void checkTile1(float[] asum, int kc, float[] bq, int bOff, int k0, int[] chk, int c0, int shift);

    /** {@code sum_k a[k] * x[xOff + k]} for {@code k < n} ({@code n} a multiple of 32). */
    abstract float rowFloat(float[] a, float[] x, int xOff, int n);

    /**
     * Integer row: per 32-block the exact sum {@code s} of {@code a[k] * xq[xOff + k]}; returns, packed as
     * {@link #pack}, {@code sum s * scale[blk]} and the wrapping sum of every {@code s}.
     */
    abstract long rowInt(float[] a, float[] xq, int xOff, float[] scale, int nb);

    /**
     * Values {@code [k0, k0+kc)} of row {@code r} of a Q8_0, Q4_0, Q4_K or Q6_K tensor as the integers of the
     * integer path, in floats at {@code a[ao ..]} (Q4_0: nibble - 8; Q4_K: the nibble; Q6_K: the sub-block
     * scale times the signed 6-bit value), and per 32-value block the float factor of its integer sum at
     * {@code ws[wo ..]} (the f16 scale; Q4_K: {@code d * scale}; Q6_K: {@code d}) and, for Q4_K only, the
     * minimum term {@code dmin * min} at {@code wm[wo ..]}. {@code k0} and {@code kc} are multiples of the
     * type's block; {@code sc} is 16 floats of scratch.
     */
    final void expandInt(Tensor w, int r, int k0, int kc, float[] a, int ao, float[] ws, float[] wm, int wo,
            float[] sc) {
        MemorySegment seg = w.data();
        long row = r * w.rowBytes();
        int nb = kc >>> 5;
        switch (w.type()) {
            case Q8_0 -> {
                for (int blk = 0; blk < nb; blk++) {
                    long in = row + (long) ((k0 >>> 5) + blk) * Q8_0.BYTES;
                    ws[wo + blk] = F16.get(seg, in);
                    bytesToFloat(seg, in + Q8_0.QS, 32, a, ao + blk * 32);
                }
            }
            case Q4_0 -> {
                for (int blk = 0; blk < nb; blk++) {
                    long in = row + (long) ((k0 >>> 5) + blk) * Q4_0.BYTES;
                    ws[wo + blk] = F16.get(seg, in);
                    nibblesToFloat(seg, in + Q4_0.QS, 16, 8, a, ao + blk * 32, ao + blk * 32 + 16);
                }
            }
            case Q4_K -> {
                for (int sb = 0; sb < kc / Q4_K.BLOCK; sb++) {
                    long in = row + (long) (k0 / Q4_K.BLOCK + sb) * Q4_K.BYTES;
                    float d = F16.get(seg, in);
                    float dmin = F16.get(seg, in + Q4_K.DMIN);
                    for (int j = 0; j < 8; j++) {
                        ws[wo + sb * 8 + j] = d * Q4_K.scale(seg, in, j);
                        wm[wo + sb * 8 + j] = dmin * Q4_K.min(seg, in, j);
                    }
                    int base = ao + sb * Q4_K.BLOCK;
                    for (int j = 0; j < 4; j++) {
                        nibblesToFloat(seg, in + Q4_K.QS + 32L * j, 32, 0, a, base + 64 * j, base + 64 * j + 32);
                    }
                }
            }
            case Q6_K -> {
                        for (int sb = 0; sb < kc / Q6_K.BLOCK; sb++) {
                    long in = row + (long) (k0 / Q6_K.BLOCK + sb) * Q6_K.BYTES;
                    float d = F16.get(seg, in + Q6_K.D);
                    for (int j = 0; j < 16; j++) {
                        sc[j] = seg.get(ValueLayout.JAVA_BYTE, in + Q6_K.SCALES + j);
                    }
                    for (int j = 0; j < 8; j++) {
                        ws[wo + sb * 8 + j] = d;
                    }
                    q6kToFloat(seg, in, sc, a, ao + sb * Q6_K.BLOCK);
                }
            }
            case F32, F16, BF16 -> throw new IllegalStateException("no integer form of " + w.type());
        }
    }

    /** The scalar form of {@link #q6kToFloat}. */
    static void q6kScalar(MemorySegment seg, long blockOff, float[] scale, float[] a, int aOff) {
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l++) {
                int q0 = seg.get(ValueLayout.JAVA_BYTE, blockOff + 64L * h + l) & 0xff;
                int q1 = seg.get(ValueLayout.JAVA_BYTE, blockOff + 64L * h + 32 + l) & 0xff;
                int hb = seg.get(ValueLayout.JAVA_BYTE, blockOff + Q6_K.QH + 32L * h + l) & 0xff;
                int o = aOff + 128 * h + l;
                int si = 8 * h + (l >>> 4);
                a[o] = scale[si] * (((q0 & 0xf) | ((hb & 3) << 4)) - 32);
                a[o + 32] = scale[si + 2] * (((q1 & 0xf) | (((hb >>> 2) & 3) << 4)) - 32);
                a[o + 64] = scale[si + 4] * (((q0 >>> 4) | (((hb >>> 4) & 3) << 4)) - 32);
                a[o + 96] = scale[si + 6] * (((q1 >>> 4) | (((hb >>> 6) & 3) << 4)) - 32);
            }
        }
    }

    static long pack(float value, int sum) {
        return io.radinfer.kernels.quant.CheckedDot.pack(value, sum);
    }
}
