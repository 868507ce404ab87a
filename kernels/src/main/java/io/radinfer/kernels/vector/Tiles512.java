package io.radinfer.kernels.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The SIMD inner loops of {@link MatmulVector} and {@link KQuantVector} for one species width. The Vector API
 * only compiles to SIMD instructions when the species is a compile-time constant, so each width has its own
 * copy of these loops (see {@link Tiles} for how the copies are made); a species passed as a value runs the
 * Java fallback, about 50x slower (measured). The tile methods are written out per row and column vector.
 *
 * <p>Tiles are {@link Tiles#R} weight rows by one or two vectors of activation columns: the weights of a tile
 * (as floats, in {@code a}) are broadcast one value at a time against a vector of packed activations
 * (a panel of {@code bq}: value {@code k} of panel column {@code j} at {@code bOff + k * width + j}), so every
 * weight value is loaded once per tile of columns. On the integer path the per-32-block sums are products of small integers held in
 * floats, exact because they stay below 2^24, so they equal the scalar int sums bit for bit.
 */
final class Tiles512 extends Tiles {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final VectorSpecies<Byte> BS = ByteVector.SPECIES_128;
    static final VectorSpecies<Integer> IS = IntVector.SPECIES_512;
    private static final int L = S.length();
    private static final int PARTS = L >= BS.length() ? 1 : BS.length() / L;
    private static final int BL = BS.length();

    @Override
    int lanes() {
        return L;
    }

    @Override
    int bits() {
        return S.vectorBitSize();
    }

    // ---- dequantization of weight bytes to floats ----

    @Override
    void bytesToFloat(MemorySegment seg, long off, int n, float[] a, int aOff) {
        for (int i = 0; i < n; i += BL) {
            ByteVector v = ByteVector.fromMemorySegment(BS, seg, off + i, ByteOrder.LITTLE_ENDIAN);
            ((FloatVector) v.convertShape(VectorOperators.B2F, S, 0)).intoArray(a, aOff + i);
            if (PARTS == 2) {
                ((FloatVector) v.convertShape(VectorOperators.B2F, S, 1)).intoArray(a, aOff + i + L);
            }
        }
    }

    @Override
    void nibblesToFloat(MemorySegment seg, long off, int nBytes, int bias, float[] a, int loOff, int hiOff) {
        for (int i = 0; i < nBytes; i += BL) {
            ByteVector v = ByteVector.fromMemorySegment(BS, seg, off + i, ByteOrder.LITTLE_ENDIAN);
            ByteVector lo = v.and((byte) 0xf).sub((byte) bias);
            // bytes shifted right through int lanes (x86 has no byte shift; the API's byte shift was not
            // compiled to SIMD here): a byte's top bits get its neighbour's low bits, which the mask drops
            ByteVector hi = v.reinterpretAsInts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes()
                    .and((byte) 0xf).sub((byte) bias);
            ((FloatVector) lo.convertShape(VectorOperators.B2F, S, 0)).intoArray(a, loOff + i);
            ((FloatVector) hi.convertShape(VectorOperators.B2F, S, 0)).intoArray(a, hiOff + i);
            if (PARTS == 2) {
                ((FloatVector) lo.convertShape(VectorOperators.B2F, S, 1)).intoArray(a, loOff + i + L);
                ((FloatVector) hi.convertShape(VectorOperators.B2F, S, 1)).intoArray(a, hiOff + i + L);
            }
        }
    }

    @Override
    void q6kToFloat(MemorySegment seg, long blockOff, float[] scale, float[] a, int aOff) {
        // scalar: the ByteVector unpacking was faster (about 1.3x on Q6_K prefill) but kept allocating vector
        // boxes after compilation at every width (measured on JDK 25)
        q6kScalar(seg, blockOff, scale, a, aOff);
    }

    // ---- tiles of R rows x 2 or 1 column vectors (generated: one line per row and column vector) ----

    @Override
    void floatTile2(float[] a, int kc, float[] bq, int bOff, int k0, float[] c, int cOff, int np) {
        int pw = 2 * L;
        FloatVector y00 = FloatVector.fromArray(S, c, cOff);
        FloatVector y01 = FloatVector.fromArray(S, c, cOff + 1 * L);
        FloatVector y10 = FloatVector.fromArray(S, c, cOff + 1 * np);
        FloatVector y11 = FloatVector.fromArray(S, c, cOff + 1 * np + 1 * L);
        FloatVector y20 = FloatVector.fromArray(S, c, cOff + 2 * np);
        FloatVector y21 = FloatVector.fromArray(S, c, cOff + 2 * np + 1 * L);
        FloatVector y30 = FloatVector.fromArray(S, c, cOff + 3 * np);
        FloatVector y31 = FloatVector.fromArray(S, c, cOff + 3 * np + 1 * L);
        FloatVector y40 = FloatVector.fromArray(S, c, cOff + 4 * np);
        FloatVector y41 = FloatVector.fromArray(S, c, cOff + 4 * np + 1 * L);
        FloatVector y50 = FloatVector.fromArray(S, c, cOff + 5 * np);
        FloatVector y51 = FloatVector.fromArray(S, c, cOff + 5 * np + 1 * L);
        FloatVector y60 = FloatVector.fromArray(S, c, cOff + 6 * np);
        FloatVector y61 = FloatVector.fromArray(S, c, cOff + 6 * np + 1 * L);
        FloatVector y70 = FloatVector.fromArray(S, c, cOff + 7 * np);
        FloatVector y71 = FloatVector.fromArray(S, c, cOff + 7 * np + 1 * L);
        for (int k = 0; k < kc; k++) {
            int bi = bOff + (k0 + k) * pw;
            FloatVector b0 = FloatVector.fromArray(S, bq, bi);
            FloatVector b1 = FloatVector.fromArray(S, bq, bi + 1 * L);
            FloatVector w;
            w = FloatVector.broadcast(S, a[k]);
            y00 = w.fma(b0, y00);
            y01 = w.fma(b1, y01);
            w = FloatVector.broadcast(S, a[1 * kc + k]);
            y10 = w.fma(b0, y10);
            y11 = w.fma(b1, y11);
            w = FloatVector.broadcast(S, a[2 * kc + k]);
            y20 = w.fma(b0, y20);
            y21 = w.fma(b1, y21);
            w = FloatVector.broadcast(S, a[3 * kc + k]);
            y30 = w.fma(b0, y30);
            y31 = w.fma(b1, y31);
            w = FloatVector.broadcast(S, a[4 * kc + k]);
            y40 = w.fma(b0, y40);
            y41 = w.fma(b1, y41);
            w = FloatVector.broadcast(S, a[5 * kc + k]);
            y50 = w.fma(b0, y50);
            y51 = w.fma(b1, y51);
            w = FloatVector.broadcast(S, a[6 * kc + k]);
            y60 = w.fma(b0, y60);
            y61 = w.fma(b1, y61);
            w = FloatVector.broadcast(S, a[7 * kc + k]);
            y70 = w.fma(b0, y70);
            y71 = w.fma(b1, y71);
        }
        y00.intoArray(c, cOff);
        y01.intoArray(c, cOff + 1 * L);
        y10.intoArray(c, cOff + 1 * np);
        y11.intoArray(c, cOff + 1 * np + 1 * L);
        y20.intoArray(c, cOff + 2 * np);
        y21.intoArray(c, cOff + 2 * np + 1 * L);
        y30.intoArray(c, cOff + 3 * np);
        y31.intoArray(c, cOff + 3 * np + 1 * L);
        y40.intoArray(c, cOff + 4 * np);
        y41.intoArray(c, cOff + 4 * np + 1 * L);
        y50.intoArray(c, cOff + 5 * np);
        y51.intoArray(c, cOff + 5 * np + 1 * L);
        y60.intoArray(c, cOff + 6 * np);
        y61.intoArray(c, cOff + 6 * np + 1 * L);
        y70.intoArray(c, cOff + 7 * np);
        y71.intoArray(c, cOff + 7 * np + 1 * L);
    }

    @Override
    void floatTile1(float[] a, int kc, float[] bq, int bOff, int k0, float[] c, int cOff, int np) {
        int pw = 1 * L;
        FloatVector y00 = FloatVector.fromArray(S, c, cOff);
        FloatVector y10 = FloatVector.fromArray(S, c, cOff + 1 * np);
        FloatVector y20 = FloatVector.fromArray(S, c, cOff + 2 * np);
        FloatVector y30 = FloatVector.fromArray(S, c, cOff + 3 * np);
        FloatVector y40 = FloatVector.fromArray(S, c, cOff + 4 * np);
        FloatVector y50 = FloatVector.fromArray(S, c, cOff + 5 * np);
        FloatVector y60 = FloatVector.fromArray(S, c, cOff + 6 * np);
        FloatVector y70 = FloatVector.fromArray(S, c, cOff + 7 * np);
        for (int k = 0; k < kc; k++) {
            int bi = bOff + (k0 + k) * pw;
            FloatVector b0 = FloatVector.fromArray(S, bq, bi);
            FloatVector w;
            w = FloatVector.broadcast(S, a[k]);
            y00 = w.fma(b0, y00);
            w = FloatVector.broadcast(S, a[1 * kc + k]);
            y10 = w.fma(b0, y10);
            w = FloatVector.broadcast(S, a[2 * kc + k]);
            y20 = w.fma(b0, y20);
            w = FloatVector.broadcast(S, a[3 * kc + k]);
            y30 = w.fma(b0, y30);
            w = FloatVector.broadcast(S, a[4 * kc + k]);
            y40 = w.fma(b0, y40);
            w = FloatVector.broadcast(S, a[5 * kc + k]);
            y50 = w.fma(b0, y50);
            w = FloatVector.broadcast(S, a[6 * kc + k]);
            y60 = w.fma(b0, y60);
            w = FloatVector.broadcast(S, a[7 * kc + k]);
            y70 = w.fma(b0, y70);
        }
        y00.intoArray(c, cOff);
        y10.intoArray(c, cOff + 1 * np);
        y20.intoArray(c, cOff + 2 * np);
        y30.intoArray(c, cOff + 3 * np);
        y40.intoArray(c, cOff + 4 * np);
        y50.intoArray(c, cOff + 5 * np);
        y60.intoArray(c, cOff + 6 * np);
        y70.intoArray(c, cOff + 7 * np);
    }

    @Override
    void intTile2(float[] a, int kc, float[] ws, float[] wm, float[] bq, float[] bd, float[] bs, int bOff, int dOff,
            int k0, float[] c, int cOff, int np) {
        // one method per form: one method holding both kept the JIT from keeping the sums in registers
        if (wm == null) {
            intTile2Plain(a, kc, ws, wm, bq, bd, bs, bOff, dOff, k0, c, cOff, np);
        } else {
            intTile2PlainMin(a, kc, ws, wm, bq, bd, bs, bOff, dOff, k0, c, cOff, np);
        }
    }

    private static void intTile2Plain(float[] a, int kc, float[] ws, float[] wm, float[] bq, float[] bd, float[] bs, int bOff, int dOff,
            int k0, float[] c, int cOff, int np) {
        int pw = 2 * L;
        int nb = kc >>> 5;
        for (int blk = 0; blk < nb; blk++) {
            int kb = blk << 5;
            FloatVector z = FloatVector.zero(S);
            FloatVector s00 = z;
            FloatVector s01 = z;
            FloatVector s10 = z;
            FloatVector s11 = z;
            FloatVector s20 = z;
            FloatVector s21 = z;
            FloatVector s30 = z;
            FloatVector s31 = z;
            FloatVector s40 = z;
            FloatVector s41 = z;
            FloatVector s50 = z;
            FloatVector s51 = z;
            FloatVector s60 = z;
            FloatVector s61 = z;
            FloatVector s70 = z;
            FloatVector s71 = z;
            for (int k = kb; k < kb + 32; k++) {
                int bi = bOff + (k0 + k) * pw;
                FloatVector b0 = FloatVector.fromArray(S, bq, bi);
                FloatVector b1 = FloatVector.fromArray(S, bq, bi + 1 * L);
                FloatVector w;
                w = FloatVector.broadcast(S, a[k]);
                s00 = w.fma(b0, s00);
                s01 = w.fma(b1, s01);
                w = FloatVector.broadcast(S, a[1 * kc + k]);
                s10 = w.fma(b0, s10);
                s11 = w.fma(b1, s11);
                w = FloatVector.broadcast(S, a[2 * kc + k]);
                s20 = w.fma(b0, s20);
                s21 = w.fma(b1, s21);
                w = FloatVector.broadcast(S, a[3 * kc + k]);
                s30 = w.fma(b0, s30);
                s31 = w.fma(b1, s31);
                w = FloatVector.broadcast(S, a[4 * kc + k]);
                s40 = w.fma(b0, s40);
                s41 = w.fma(b1, s41);
                w = FloatVector.broadcast(S, a[5 * kc + k]);
                s50 = w.fma(b0, s50);
                s51 = w.fma(b1, s51);
                w = FloatVector.broadcast(S, a[6 * kc + k]);
                s60 = w.fma(b0, s60);
                s61 = w.fma(b1, s61);
                w = FloatVector.broadcast(S, a[7 * kc + k]);
                s70 = w.fma(b0, s70);
                s71 = w.fma(b1, s71);
            }
            int di = dOff + ((k0 >>> 5) + blk) * pw;
            FloatVector d0 = FloatVector.fromArray(S, bd, di);
            FloatVector d1 = FloatVector.fromArray(S, bd, di + 1 * L);
            // scalar: isum * (dw * dx), added in block order
            float w0 = ws[blk];
            FloatVector.fromArray(S, c, cOff).add(s00.mul(d0.mul(w0))).intoArray(c, cOff);
            FloatVector.fromArray(S, c, cOff + 1 * L).add(s01.mul(d1.mul(w0))).intoArray(c, cOff + 1 * L);
            float w1 = ws[1 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 1 * np).add(s10.mul(d0.mul(w1))).intoArray(c, cOff + 1 * np);
            FloatVector.fromArray(S, c, cOff + 1 * np + 1 * L).add(s11.mul(d1.mul(w1))).intoArray(c, cOff + 1 * np + 1 * L);
            float w2 = ws[2 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 2 * np).add(s20.mul(d0.mul(w2))).intoArray(c, cOff + 2 * np);
            FloatVector.fromArray(S, c, cOff + 2 * np + 1 * L).add(s21.mul(d1.mul(w2))).intoArray(c, cOff + 2 * np + 1 * L);
            float w3 = ws[3 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 3 * np).add(s30.mul(d0.mul(w3))).intoArray(c, cOff + 3 * np);
            FloatVector.fromArray(S, c, cOff + 3 * np + 1 * L).add(s31.mul(d1.mul(w3))).intoArray(c, cOff + 3 * np + 1 * L);
            float w4 = ws[4 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 4 * np).add(s40.mul(d0.mul(w4))).intoArray(c, cOff + 4 * np);
            FloatVector.fromArray(S, c, cOff + 4 * np + 1 * L).add(s41.mul(d1.mul(w4))).intoArray(c, cOff + 4 * np + 1 * L);
            float w5 = ws[5 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 5 * np).add(s50.mul(d0.mul(w5))).intoArray(c, cOff + 5 * np);
            FloatVector.fromArray(S, c, cOff + 5 * np + 1 * L).add(s51.mul(d1.mul(w5))).intoArray(c, cOff + 5 * np + 1 * L);
            float w6 = ws[6 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 6 * np).add(s60.mul(d0.mul(w6))).intoArray(c, cOff + 6 * np);
            FloatVector.fromArray(S, c, cOff + 6 * np + 1 * L).add(s61.mul(d1.mul(w6))).intoArray(c, cOff + 6 * np + 1 * L);
            float w7 = ws[7 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 7 * np).add(s70.mul(d0.mul(w7))).intoArray(c, cOff + 7 * np);
            FloatVector.fromArray(S, c, cOff + 7 * np + 1 * L).add(s71.mul(d1.mul(w7))).intoArray(c, cOff + 7 * np + 1 * L);
        }
    }

    private static void intTile2PlainMin(float[] a, int kc, float[] ws, float[] wm, float[] bq, float[] bd, float[] bs, int bOff, int dOff,
            int k0, float[] c, int cOff, int np) {
        int pw = 2 * L;
        int nb = kc >>> 5;
        for (int blk = 0; blk < nb; blk++) {
            int kb = blk << 5;
            FloatVector z = FloatVector.zero(S);
            FloatVector s00 = z;
            FloatVector s01 = z;
            FloatVector s10 = z;
            FloatVector s11 = z;
            FloatVector s20 = z;
            FloatVector s21 = z;
            FloatVector s30 = z;
            FloatVector s31 = z;
            FloatVector s40 = z;
            FloatVector s41 = z;
            FloatVector s50 = z;
            FloatVector s51 = z;
            FloatVector s60 = z;
            FloatVector s61 = z;
            FloatVector s70 = z;
            FloatVector s71 = z;
            for (int k = kb; k < kb + 32; k++) {
                int bi = bOff + (k0 + k) * pw;
                FloatVector b0 = FloatVector.fromArray(S, bq, bi);
                FloatVector b1 = FloatVector.fromArray(S, bq, bi + 1 * L);
                FloatVector w;
                w = FloatVector.broadcast(S, a[k]);
                s00 = w.fma(b0, s00);
                s01 = w.fma(b1, s01);
                w = FloatVector.broadcast(S, a[1 * kc + k]);
                s10 = w.fma(b0, s10);
                s11 = w.fma(b1, s11);
                w = FloatVector.broadcast(S, a[2 * kc + k]);
                s20 = w.fma(b0, s20);
                s21 = w.fma(b1, s21);
                w = FloatVector.broadcast(S, a[3 * kc + k]);
                s30 = w.fma(b0, s30);
                s31 = w.fma(b1, s31);
                w = FloatVector.broadcast(S, a[4 * kc + k]);
                s40 = w.fma(b0, s40);
                s41 = w.fma(b1, s41);
                w = FloatVector.broadcast(S, a[5 * kc + k]);
                s50 = w.fma(b0, s50);
                s51 = w.fma(b1, s51);
                w = FloatVector.broadcast(S, a[6 * kc + k]);
                s60 = w.fma(b0, s60);
                s61 = w.fma(b1, s61);
                w = FloatVector.broadcast(S, a[7 * kc + k]);
                s70 = w.fma(b0, s70);
                s71 = w.fma(b1, s71);
            }
            int di = dOff + ((k0 >>> 5) + blk) * pw;
            FloatVector d0 = FloatVector.fromArray(S, bd, di);
            FloatVector d1 = FloatVector.fromArray(S, bd, di + 1 * L);
            // scalar (Q4_K): dx * ((d*sc) * isum - (dmin*m) * xsum)
            FloatVector m0 = FloatVector.fromArray(S, bs, di);
            FloatVector m1 = FloatVector.fromArray(S, bs, di + 1 * L);
            float w0 = ws[blk];
            float n0 = wm[blk];
            FloatVector.fromArray(S, c, cOff).add(d0.mul(s00.mul(w0).sub(m0.mul(n0)))).intoArray(c, cOff);
            FloatVector.fromArray(S, c, cOff + 1 * L).add(d1.mul(s01.mul(w0).sub(m1.mul(n0)))).intoArray(c, cOff + 1 * L);
            float w1 = ws[1 * nb + blk];
            float n1 = wm[1 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 1 * np).add(d0.mul(s10.mul(w1).sub(m0.mul(n1)))).intoArray(c, cOff + 1 * np);
            FloatVector.fromArray(S, c, cOff + 1 * np + 1 * L).add(d1.mul(s11.mul(w1).sub(m1.mul(n1)))).intoArray(c, cOff + 1 * np + 1 * L);
            float w2 = ws[2 * nb + blk];
            float n2 = wm[2 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 2 * np).add(d0.mul(s20.mul(w2).sub(m0.mul(n2)))).intoArray(c, cOff + 2 * np);
            FloatVector.fromArray(S, c, cOff + 2 * np + 1 * L).add(d1.mul(s21.mul(w2).sub(m1.mul(n2)))).intoArray(c, cOff + 2 * np + 1 * L);
            float w3 = ws[3 * nb + blk];
            float n3 = wm[3 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 3 * np).add(d0.mul(s30.mul(w3).sub(m0.mul(n3)))).intoArray(c, cOff + 3 * np);
            FloatVector.fromArray(S, c, cOff + 3 * np + 1 * L).add(d1.mul(s31.mul(w3).sub(m1.mul(n3)))).intoArray(c, cOff + 3 * np + 1 * L);
            float w4 = ws[4 * nb + blk];
            float n4 = wm[4 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 4 * np).add(d0.mul(s40.mul(w4).sub(m0.mul(n4)))).intoArray(c, cOff + 4 * np);
            FloatVector.fromArray(S, c, cOff + 4 * np + 1 * L).add(d1.mul(s41.mul(w4).sub(m1.mul(n4)))).intoArray(c, cOff + 4 * np + 1 * L);
            float w5 = ws[5 * nb + blk];
            float n5 = wm[5 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 5 * np).add(d0.mul(s50.mul(w5).sub(m0.mul(n5)))).intoArray(c, cOff + 5 * np);
            FloatVector.fromArray(S, c, cOff + 5 * np + 1 * L).add(d1.mul(s51.mul(w5).sub(m1.mul(n5)))).intoArray(c, cOff + 5 * np + 1 * L);
            float w6 = ws[6 * nb + blk];
            float n6 = wm[6 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 6 * np).add(d0.mul(s60.mul(w6).sub(m0.mul(n6)))).intoArray(c, cOff + 6 * np);
            FloatVector.fromArray(S, c, cOff + 6 * np + 1 * L).add(d1.mul(s61.mul(w6).sub(m1.mul(n6)))).intoArray(c, cOff + 6 * np + 1 * L);
            float w7 = ws[7 * nb + blk];
            float n7 = wm[7 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 7 * np).add(d0.mul(s70.mul(w7).sub(m0.mul(n7)))).intoArray(c, cOff + 7 * np);
            FloatVector.fromArray(S, c, cOff + 7 * np + 1 * L).add(d1.mul(s71.mul(w7).sub(m1.mul(n7)))).intoArray(c, cOff + 7 * np + 1 * L);
        }
    }

    @Override
    void intTile1(float[] a, int kc, float[] ws, float[] wm, float[] bq, float[] bd, float[] bs, int bOff, int dOff,
            int k0, float[] c, int cOff, int np) {
        // one method per form: one method holding both kept the JIT from keeping the sums in registers
        if (wm == null) {
            intTile1Plain(a, kc, ws, wm, bq, bd, bs, bOff, dOff, k0, c, cOff, np);
        } else {
            intTile1PlainMin(a, kc, ws, wm, bq, bd, bs, bOff, dOff, k0, c, cOff, np);
        }
    }

    private static void intTile1Plain(float[] a, int kc, float[] ws, float[] wm, float[] bq, float[] bd, float[] bs, int bOff, int dOff,
            int k0, float[] c, int cOff, int np) {
        int pw = 1 * L;
        int nb = kc >>> 5;
        for (int blk = 0; blk < nb; blk++) {
            int kb = blk << 5;
            FloatVector z = FloatVector.zero(S);
            FloatVector s00 = z;
            FloatVector s10 = z;
            FloatVector s20 = z;
            FloatVector s30 = z;
            FloatVector s40 = z;
            FloatVector s50 = z;
            FloatVector s60 = z;
            FloatVector s70 = z;
            for (int k = kb; k < kb + 32; k++) {
                int bi = bOff + (k0 + k) * pw;
                FloatVector b0 = FloatVector.fromArray(S, bq, bi);
                FloatVector w;
                w = FloatVector.broadcast(S, a[k]);
                s00 = w.fma(b0, s00);
                w = FloatVector.broadcast(S, a[1 * kc + k]);
                s10 = w.fma(b0, s10);
                w = FloatVector.broadcast(S, a[2 * kc + k]);
                s20 = w.fma(b0, s20);
                w = FloatVector.broadcast(S, a[3 * kc + k]);
                s30 = w.fma(b0, s30);
                w = FloatVector.broadcast(S, a[4 * kc + k]);
                s40 = w.fma(b0, s40);
                w = FloatVector.broadcast(S, a[5 * kc + k]);
                s50 = w.fma(b0, s50);
                w = FloatVector.broadcast(S, a[6 * kc + k]);
                s60 = w.fma(b0, s60);
                w = FloatVector.broadcast(S, a[7 * kc + k]);
                s70 = w.fma(b0, s70);
            }
            int di = dOff + ((k0 >>> 5) + blk) * pw;
            FloatVector d0 = FloatVector.fromArray(S, bd, di);
            // scalar: isum * (dw * dx), added in block order
            float w0 = ws[blk];
            FloatVector.fromArray(S, c, cOff).add(s00.mul(d0.mul(w0))).intoArray(c, cOff);
            float w1 = ws[1 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 1 * np).add(s10.mul(d0.mul(w1))).intoArray(c, cOff + 1 * np);
            float w2 = ws[2 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 2 * np).add(s20.mul(d0.mul(w2))).intoArray(c, cOff + 2 * np);
            float w3 = ws[3 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 3 * np).add(s30.mul(d0.mul(w3))).intoArray(c, cOff + 3 * np);
            float w4 = ws[4 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 4 * np).add(s40.mul(d0.mul(w4))).intoArray(c, cOff + 4 * np);
            float w5 = ws[5 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 5 * np).add(s50.mul(d0.mul(w5))).intoArray(c, cOff + 5 * np);
            float w6 = ws[6 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 6 * np).add(s60.mul(d0.mul(w6))).intoArray(c, cOff + 6 * np);
            float w7 = ws[7 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 7 * np).add(s70.mul(d0.mul(w7))).intoArray(c, cOff + 7 * np);
        }
    }

    private static void intTile1PlainMin(float[] a, int kc, float[] ws, float[] wm, float[] bq, float[] bd, float[] bs, int bOff, int dOff,
            int k0, float[] c, int cOff, int np) {
        int pw = 1 * L;
        int nb = kc >>> 5;
        for (int blk = 0; blk < nb; blk++) {
            int kb = blk << 5;
            FloatVector z = FloatVector.zero(S);
            FloatVector s00 = z;
            FloatVector s10 = z;
            FloatVector s20 = z;
            FloatVector s30 = z;
            FloatVector s40 = z;
            FloatVector s50 = z;
            FloatVector s60 = z;
            FloatVector s70 = z;
            for (int k = kb; k < kb + 32; k++) {
                int bi = bOff + (k0 + k) * pw;
                FloatVector b0 = FloatVector.fromArray(S, bq, bi);
                FloatVector w;
                w = FloatVector.broadcast(S, a[k]);
                s00 = w.fma(b0, s00);
                w = FloatVector.broadcast(S, a[1 * kc + k]);
                s10 = w.fma(b0, s10);
                w = FloatVector.broadcast(S, a[2 * kc + k]);
                s20 = w.fma(b0, s20);
                w = FloatVector.broadcast(S, a[3 * kc + k]);
                s30 = w.fma(b0, s30);
                w = FloatVector.broadcast(S, a[4 * kc + k]);
                s40 = w.fma(b0, s40);
                w = FloatVector.broadcast(S, a[5 * kc + k]);
                s50 = w.fma(b0, s50);
                w = FloatVector.broadcast(S, a[6 * kc + k]);
                s60 = w.fma(b0, s60);
                w = FloatVector.broadcast(S, a[7 * kc + k]);
                s70 = w.fma(b0, s70);
            }
            int di = dOff + ((k0 >>> 5) + blk) * pw;
            FloatVector d0 = FloatVector.fromArray(S, bd, di);
            // scalar (Q4_K): dx * ((d*sc) * isum - (dmin*m) * xsum)
            FloatVector m0 = FloatVector.fromArray(S, bs, di);
            float w0 = ws[blk];
            float n0 = wm[blk];
            FloatVector.fromArray(S, c, cOff).add(d0.mul(s00.mul(w0).sub(m0.mul(n0)))).intoArray(c, cOff);
            float w1 = ws[1 * nb + blk];
            float n1 = wm[1 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 1 * np).add(d0.mul(s10.mul(w1).sub(m0.mul(n1)))).intoArray(c, cOff + 1 * np);
            float w2 = ws[2 * nb + blk];
            float n2 = wm[2 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 2 * np).add(d0.mul(s20.mul(w2).sub(m0.mul(n2)))).intoArray(c, cOff + 2 * np);
            float w3 = ws[3 * nb + blk];
            float n3 = wm[3 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 3 * np).add(d0.mul(s30.mul(w3).sub(m0.mul(n3)))).intoArray(c, cOff + 3 * np);
            float w4 = ws[4 * nb + blk];
            float n4 = wm[4 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 4 * np).add(d0.mul(s40.mul(w4).sub(m0.mul(n4)))).intoArray(c, cOff + 4 * np);
            float w5 = ws[5 * nb + blk];
            float n5 = wm[5 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 5 * np).add(d0.mul(s50.mul(w5).sub(m0.mul(n5)))).intoArray(c, cOff + 5 * np);
            float w6 = ws[6 * nb + blk];
            float n6 = wm[6 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 6 * np).add(d0.mul(s60.mul(w6).sub(m0.mul(n6)))).intoArray(c, cOff + 6 * np);
            float w7 = ws[7 * nb + blk];
            float n7 = wm[7 * nb + blk];
            FloatVector.fromArray(S, c, cOff + 7 * np).add(d0.mul(s70.mul(w7).sub(m0.mul(n7)))).intoArray(c, cOff + 7 * np);
        }
    }

    // ---- integer check sums of a tile, from the same expanded weights ----

    @Override
    void sumRows(float[] a, int kc, float[] out) {
        for (int k = 0; k < kc; k += L) {
            FloatVector v = FloatVector.fromArray(S, a, k);
            for (int r = 1; r < R; r++) {
                v = v.add(FloatVector.fromArray(S, a, r * kc + k));
            }
            v.intoArray(out, k);
        }
    }

    @Override
    void checkTile2(float[] asum, int kc, float[] bq, int bOff, int k0, int[] chk, int c0, int shift) {
        int pw = 2 * L;
        IntVector i0 = IntVector.fromArray(IS, chk, c0);
        IntVector i1 = IntVector.fromArray(IS, chk, c0 + L);
        for (int kb = 0; kb < kc; kb += 32) {
            FloatVector t0 = FloatVector.zero(S);
            FloatVector t1 = t0;
            for (int k = kb; k < kb + 32; k++) {
                int bi = bOff + (k0 + k) * pw;
                FloatVector w = FloatVector.broadcast(S, asum[k]);
                t0 = w.fma(FloatVector.fromArray(S, bq, bi), t0);
                t1 = w.fma(FloatVector.fromArray(S, bq, bi + L), t1);
            }
            i0 = i0.add(((IntVector) t0.convert(VectorOperators.F2I, 0)).lanewise(VectorOperators.LSHL, shift));
            i1 = i1.add(((IntVector) t1.convert(VectorOperators.F2I, 0)).lanewise(VectorOperators.LSHL, shift));
        }
        i0.intoArray(chk, c0);
        i1.intoArray(chk, c0 + L);
    }

    @Override
    void checkTile1(float[] asum, int kc, float[] bq, int bOff, int k0, int[] chk, int c0, int shift) {
        IntVector i0 = IntVector.fromArray(IS, chk, c0);
        for (int kb = 0; kb < kc; kb += 32) {
            FloatVector t0 = FloatVector.zero(S);
            for (int k = kb; k < kb + 32; k++) {
                t0 = FloatVector.broadcast(S, asum[k]).fma(FloatVector.fromArray(S, bq, bOff + (k0 + k) * L), t0);
            }
            i0 = i0.add(((IntVector) t0.convert(VectorOperators.F2I, 0)).lanewise(VectorOperators.LSHL, shift));
        }
        i0.intoArray(chk, c0);
    }

    // ---- one row against one vector (matvec), lanes along the row ----

    @Override
    float rowFloat(float[] a, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(S);
        for (int k = 0; k < n; k += L) {
            acc = FloatVector.fromArray(S, a, k).fma(FloatVector.fromArray(S, x, xOff + k), acc);
        }
        float s = (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)); // lane order: see WidthKernels
        if (L > 4) {
            s += (acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7));
        }
        if (L > 8) {
            s += (acc.lane(8) + acc.lane(9)) + (acc.lane(10) + acc.lane(11));
            s += (acc.lane(12) + acc.lane(13)) + (acc.lane(14) + acc.lane(15));
        }
        return s;
    }

    @Override
    long rowInt(float[] a, float[] xq, int xOff, float[] scale, int nb) {
        FloatVector acc = FloatVector.zero(S);
        IntVector chk = IntVector.zero(IS);
        for (int blk = 0; blk < nb; blk++) {
            int k = blk << 5;
            FloatVector s = FloatVector.zero(S);
            for (int j = 0; j < 32; j += L) {
                s = FloatVector.fromArray(S, a, k + j).fma(FloatVector.fromArray(S, xq, xOff + k + j), s);
            }
            acc = s.fma(FloatVector.broadcast(S, scale[blk]), acc);
            chk = chk.add(((IntVector) s.convert(VectorOperators.F2I, 0)));
        }
        float sum = (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)); // lane order: see WidthKernels
        if (L > 4) {
            sum += (acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7));
        }
        if (L > 8) {
            sum += (acc.lane(8) + acc.lane(9)) + (acc.lane(10) + acc.lane(11));
            sum += (acc.lane(12) + acc.lane(13)) + (acc.lane(14) + acc.lane(15));
        }
        return pack(sum, chk.reduceLanes(VectorOperators.ADD));
    }
}
