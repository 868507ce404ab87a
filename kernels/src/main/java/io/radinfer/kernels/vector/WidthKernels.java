package io.radinfer.kernels.vector;

import io.radinfer.kernels.ops.FloatMath;
import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.quant.BF16;
import io.radinfer.kernels.quant.CheckedDot;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.LittleEndian;
import io.radinfer.kernels.quant.Q4_0;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.quant.Q8_0;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.constant.ConstantDescs;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;

/**
 * The Vector API kernel bodies at one SIMD width. This class is a template: {@link Widths#ops} defines it
 * once per width as a hidden class whose class data is the width in bits, so in each copy {@link #FS} and
 * the species derived from it are {@code static final} constants — what the JIT needs to intrinsify the
 * vector operations. (Passing the species as a parameter is not enough: a body compiled on its own, before
 * it is inlined at a call with a constant species, falls back to plain Java, 50-200x slower, and is then too
 * big to inline.) Loaded normally (not hidden) it uses the platform's preferred width.
 *
 * <h2>Formats and error bounds against {@link io.radinfer.kernels.ops.ScalarKernels}</h2>
 * <ul>
 * <li>Q8_0 and Q4_0 matvec. Weight bytes are widened to ints one float-width of lanes at a time
 * (sign-extended int8; zero-extended nibbles minus 8): cheap on x86 ({@code vpmovsxbd}/{@code vpmovzxbd}) at
 * every width. The Q8_0 integer path instead widens both operands to 16-bit lanes and multiplies there (an
 * int8 product is exact in 16 bits), then adds each 32-bit lane's two halves: half the conversions and
 * multiplies. Integer path: per 32-block the lanes hold exact partial int sums of {@code w_j * q_j} (at
 * most 2^19 in magnitude); they are converted to float (exact), multiplied by the block's {@code d_w * d_x}
 * into a float accumulator, and added to an int accumulator whose wrapping lane sum is the row's ABFT
 * integer sum — equal to the scalar twin's, as both come from the one read of each weight block. The
 * float results differ from the scalar sequential sums by summation order only: |error| <= (blocks +
 * lanes) * 2^-24 * sum_b |isum_b * d_w * d_x| (float path: with {@code |w_j x_j|} in place of the block
 * terms).</li>
 * <li>F32, F16, BF16 matvec: two fma accumulators per row, scalar tail; summation order only, as above. F16
 * and BF16 lanes are widened to ints and rebuilt as float bits (the API has no half conversion): exact.</li>
 * <li>{@code quantizeQ8}: bit-exact (same float product {@code x * id}, same roundf steps as
 * {@link io.radinfer.kernels.quant.Rounding}). {@code rope} and {@code add}: bit-exact (same products, one
 * rounding per lane). {@code dot}, {@code rmsnorm}: summation order only. {@code softmax}, {@code swiglu}: a
 * polynomial {@code exp} ({@link #exp}, within 2 ulp) instead of glibc's {@code expf}: relative error a few
 * ulps.</li>
 * <li>Attention: online (streaming) softmax, one pass, no scores buffer; when a score exceeds the running
 * maximum, everything accumulated so far is scaled by {@code exp(m_old - m_new)}. Scores differ by dot
 * order, each output by a relative few ulps per rescale of {@code sum_t p_t |v_t| / l}; the tests bound
 * |out - ref| by {@code 1e-5 * (1 + max|v|)} over a few hundred positions.</li>
 * </ul>
 *
 * <h2>Reproducible results</h2>
 * Every result is a function of the inputs alone, whatever the JIT has compiled so far: floating-point sums
 * across lanes are written out lane by lane in a fixed order ({@code (l0 + l1) + (l2 + l3)}, then the next
 * four, and so on) rather than {@code reduceLanes(ADD)}, whose order the API leaves open (the intrinsic and
 * the interpreter's fallback differ), and {@link #expInPlace} uses only lanewise arithmetic rather than
 * {@code VectorOperators.EXP} (a native math library when compiled, {@code Math.exp} otherwise). The
 * protection layer relies on this: it compares repeated executions bit for bit.
 *
 * <h2>No vector crosses a call</h2>
 * No method here takes or returns a vector; conversions (half and bfloat16 to float) and lane sums are
 * written out where they are used. A vector passed to or returned from a method that C2 does not inline is
 * boxed: an allocation per call. Whether C2 inlines a small helper depends on compile timing (a callee
 * already compiled on its own into more than {@code InlineSmallCode} bytes, or one whose call site looks
 * cold in a profile taken while the caller was still running in C1, is not inlined), so a helper that was
 * inlined in one JVM kept allocating for good in another: {@code VectorKernelsTest} caught it on a loaded
 * machine. The half-to-float conversion is exact, as {@link Float#float16ToFloat}: the exponent and
 * mantissa shifted into place and scaled by 2^112 rebias normals and subnormals alike; infinities and NaNs
 * (exponent 31) get the all-ones float exponent instead.
 */
final class WidthKernels implements WidthOps {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** The width, from the hidden class's class data. */
    private static final int BITS = classDataBits();
    static final VectorSpecies<Float> FS = Widths.floats(BITS);
    private static final int LANES = FS.length();
    private static final VectorSpecies<Integer> IS = Widths.ints(FS);
    private static final VectorSpecies<Short> SS = Widths.shortsPerFloat(FS);
    private static final VectorSpecies<Byte> BS = Widths.bytesPerFloat(FS);
    /** Shorts of the full width, and the bytes one load widens to them (the Q8_0 integer dot). */
    private static final VectorSpecies<Short> WS = Widths.shorts(FS);
    private static final VectorSpecies<Byte> HB = Widths.bytesPerShort(FS);
    /** Byte loads per Q8_0 block in the integer dot: 1 at 512 bits (32 bytes), 2 at 256, 4 at 128. */
    private static final int Q8_LOADS = Q8_0.BLOCK / HB.length();
    /**
     * Duplicates each of the first half's lanes (RoPE table entries) into the two lanes of its pair. (A
     * masked load and a constant shuffle rather than a gather through an index array: the gather's library
     * code kept allocating when C2 declined to inline one of its non-forced helpers.)
     */
    private static final VectorShuffle<Float> DUP =
            VectorShuffle.fromArray(FS, new int[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7}, 0);
    /** The first half of the lanes, the RoPE table entries one step reads. */
    private static final VectorMask<Float> LOW_HALF = FS.indexInRange(0, FS.length() / 2);
    /** -1 on the first lane of a pair, +1 on the second. */
    private static final float[] SIGN = {-1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1};
    /** Lane i takes its pair partner i ^ 1 (ADJACENT RoPE layout). */
    private static final VectorShuffle<Float> SWAP =
            VectorShuffle.fromArray(FS, new int[] {1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14}, 0);

    private static final float EXP_HI = 88.72283f;
    private static final float EXP_LO = -87.33654f;

    /**
     * {@code a[i + l] = e^(sign * a[i + l] + shift)} for the {@link #LANES} values from {@code i}, Cephes'
     * {@code expf}: {@code x = n ln2 + r} (ln2 in two parts), a degree-6 polynomial for {@code e^r}, then
     * {@code 2^n} built in the exponent bits. Within 2 ulp of the exact value for normal results; +inf above
     * {@code ln(MAX_VALUE)}, 0 below {@code ln(MIN_NORMAL)}, NaN for NaN. (It reads and writes the array, not
     * a vector argument: see the class doc on vectors crossing calls.)
     */
    private static void expInPlace(float[] a, int i, float sign, float shift) {
        FloatVector x = FloatVector.fromArray(FS, a, i).fma(sign, shift);
        FloatVector xc = x.max(EXP_LO).min(EXP_HI);
        FloatVector fx = xc.fma(FloatVector.broadcast(FS, 1.44269504088896341f), FloatVector.broadcast(FS, 0.5f));
        FloatVector t = (FloatVector) ((IntVector) fx.convert(VectorOperators.F2I, 0)).convert(VectorOperators.I2F, 0);
        FloatVector n = t.sub(1f, t.compare(VectorOperators.GT, fx)); // floor
        FloatVector r = xc.sub(n.mul(0.693359375f)).sub(n.mul(-2.12194440e-4f));
        FloatVector p = FloatVector.broadcast(FS, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(FS, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(FS, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(FS, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(FS, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(FS, 5.0000001201e-1f));
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        IntVector pow2 = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        y = y.mul(pow2.reinterpretAsFloats());
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HI));
        y = y.blend(0f, x.compare(VectorOperators.LT, EXP_LO));
        y.blend(x, x.test(VectorOperators.IS_NAN)).intoArray(a, i);
    }

    private static int classDataBits() {
        try {
            Integer bits = MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, Integer.class);
            return bits != null ? bits : Widths.choose(0);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int bits() {
        return FS.vectorBitSize();
    }

    @Override
    public void matvec(Tensor w, float[] x, int xOff, float[] y, int rowStart, int rowEnd) {
        switch (w.type()) {
            case Q8_0 -> q8Matvec(w, x, xOff, y, rowStart, rowEnd);
            case Q4_0 -> q4Matvec(w, x, xOff, y, rowStart, rowEnd);
            case F32, F16, BF16 -> floatMatvec(w, x, xOff, y, rowStart, rowEnd);
            default -> throw new IllegalArgumentException("no vector matvec for " + w.type() + " (" + w.name() + ")");
        }
    }

    @Override
    public int matvecQ8Checked(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd) {
        return switch (w.type()) {
            case Q8_0 -> matvecQ8Pairs(w, x, xOff, y, rowStart, rowEnd, false);
            case Q4_0 -> matvecQ8Pairs(w, x, xOff, y, rowStart, rowEnd, true);
            default -> throw new IllegalArgumentException(
                    "no vector integer path for " + w.type() + " (" + w.name() + ")");
        };
    }

    @Override
    public void quantize(float[] x, int xOff, int n, Q8Activations out, int outOff) {
        quantizeQ8(x, xOff, n, out, outOff);
    }

    @Override
    public float dotProduct(float[] a, int aOff, float[] b, int bOff, int n) {
        return dot(a, aOff, b, bOff, n);
    }

    @Override
    public void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] w, int n, float eps) {
        rmsnorm(out, outOff, x, xOff, w, n, eps);
    }

    @Override
    public void softMax(float[] x, int off, int n) {
        softmax(x, off, n);
    }

    @Override
    public void rotary(float[] x, int off, int headStart, int headEnd, int headSize, float[] cos, float[] sin,
            int tableOff, RopeLayout layout) {
        rope(x, off, headStart, headEnd, headSize, cos, sin, tableOff, layout);
    }

    @Override
    public void swiGlu(float[] gate, float[] up, int n) {
        swiglu(gate, up, n);
    }

    @Override
    public void residual(float[] x, float[] y, int n) {
        add(x, y, n);
    }

    @Override
    public int rawBitSum(float[] a, int off, int n) {
        return bitSum(a, off, n);
    }

    @Override
    public int signedByteSum(byte[] a, int off, int n) {
        return byteSum(a, off, n);
    }

    @Override
    public boolean bitwiseEqual(float[] a, int aOff, float[] b, int bOff, int n) {
        return sameBits(a, aOff, b, bOff, n);
    }

    @Override
    public void attend(float[] q, int qOff, KvCache cache, int layer, int pos, int nHeads, int nKvHeads,
            int headSize, float[] out, int outOff, int headStart, int headEnd, float[] vRowSums, float[] checks) {
        attention(q, qOff, cache, layer, pos, nHeads, nKvHeads, headSize, out, outOff, headStart, headEnd, vRowSums,
                checks);
    }



    // ---- Q8_0

    private static void q8Matvec(Tensor w, float[] x, int xOff, float[] y, int rowStart, int rowEnd) {
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        int blocks = w.cols() / Q8_0.BLOCK;
        for (int r = rowStart; r < rowEnd; r++) {
            y[r] = q8Dot(seg, r * rb, x, xOff, blocks);
        }
    }

    private static float q8Dot(MemorySegment w, long off, float[] x, int xOff, int blocks) {
        VectorSpecies<Byte> bs = BS;
        int lanes = FS.length();
        int parts = bs.length() / lanes;
        FloatVector acc = FloatVector.zero(FS);
        for (int b = 0; b < blocks; b++) {
            long in = off + (long) b * Q8_0.BYTES;
            int xb = xOff + b * Q8_0.BLOCK;
            FloatVector blk = FloatVector.zero(FS);
            for (int j = 0; j < Q8_0.BLOCK; j += bs.length()) {
                ByteVector q = ByteVector.fromMemorySegment(bs, w, in + Q8_0.QS + j, LE);
                for (int p = 0; p < parts; p++) {
                    FloatVector wf = (FloatVector) q.convertShape(VectorOperators.B2F, FS, p);
                    blk = wf.fma(FloatVector.fromArray(FS, x, xb + j + p * lanes), blk);
                }
            }
            acc = blk.fma(FloatVector.broadcast(FS, F16.get(w, in)), acc);
        }
        float total = (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            total += (acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7));
        }
        if (LANES > 8) {
            total += (acc.lane(8) + acc.lane(9)) + (acc.lane(10) + acc.lane(11));
            total += (acc.lane(12) + acc.lane(13)) + (acc.lane(14) + acc.lane(15));
        }
        return total;
    }

    /**
     * Integer path (Q8_0, or Q4_0 when {@code q4}) over rows; returns the wrapping sum of the rows' integer
     * block dots. The rows are taken in pairs half the range apart, so each thread reads two weight streams
     * at once: measured here (2026-12-05, 1 GB Q8_0 matrix, 512 bits) 1.2x the single stream's bytes per
     * second at 1 and at 2 threads, where one stream left the memory system idle between the kernel's
     * requests. An odd last row is paired with itself.
     */
    private static int matvecQ8Pairs(Tensor w, Q8Activations x, int xOff, float[] y, int rowStart, int rowEnd,
            boolean q4) {
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        int blocks = w.cols() / Q8_0.BLOCK;
        int half = (rowEnd - rowStart) / 2;
        int acc = 0;
        for (int r = rowStart; r < rowStart + half; r++) {
            long sums = q4 ? q4DotQ8Pair(seg, r * rb, (r + half) * rb, x, xOff, blocks, y, r, r + half)
                    : q8DotQ8Pair(seg, r * rb, (r + half) * rb, x, xOff, blocks, y, r, r + half);
            acc += (int) (sums >>> 32) + (int) sums;
        }
        if (((rowEnd - rowStart) & 1) != 0) {
            int r = rowEnd - 1;
            long sums = q4 ? q4DotQ8Pair(seg, r * rb, r * rb, x, xOff, blocks, y, r, r)
                    : q8DotQ8Pair(seg, r * rb, r * rb, x, xOff, blocks, y, r, r);
            acc += (int) (sums >>> 32);
        }
        return acc;
    }

    /**
     * Rows {@code ra} and {@code rb} (weights from bytes {@code offA} and {@code offB}) against the same
     * activations: writes {@code y[ra]} and {@code y[rb]}, returns their integer sums as {@code (a << 32) |
     * b}. Each row's value and sum are what the row alone would give: the two share only the activation
     * loads.
     */
    private static long q8DotQ8Pair(MemorySegment w, long offA, long offB, Q8Activations x, int xOff,
            int blocks, float[] y, int ra, int rb) {
        VectorSpecies<Integer> is = IS;
        VectorSpecies<Byte> hb = HB;
        VectorSpecies<Short> ws = WS;
        byte[] qs = x.qs;
        float[] xd = x.d;
        int xb0 = xOff >> 5;
        FloatVector accA = FloatVector.zero(FS);
        FloatVector accB = FloatVector.zero(FS);
        IntVector checkA = IntVector.zero(is);
        IntVector checkB = IntVector.zero(is);
        int scalesA = 0;
        int scalesB = 0;
        for (int b = 0; b < blocks; b++) {
            long ia = offA + (long) b * Q8_0.BYTES;
            long ib = offB + (long) b * Q8_0.BYTES;
            int xi = xOff + b * Q8_0.BLOCK;
            // The block's 32 bytes in Q8_LOADS loads, each widened to 16-bit lanes and multiplied there: an
            // int8 product is exact in 16 bits (|w x| <= 128 * 127 < 2^14). Each 32-bit lane then takes the sum
            // of its two 16-bit halves in three ops: adding the lane shifted left by 16 puts (high + low) mod 2^16
            // in the top half, and an arithmetic shift brings it down, exact because |high + low| < 2^15. That is
            // half the conversions and multiplies of widening both bytes to 32 bits. The loads are written out,
            // not looped, so no vector is carried round an inner loop. Integer sums: exact in any order.
            ShortVector x0 = (ShortVector) ByteVector.fromArray(hb, qs, xi)
                    .convertShape(VectorOperators.B2S, ws, 0);
            IntVector a0 = ((ShortVector) ByteVector.fromMemorySegment(hb, w, ia + Q8_0.QS, LE)
                    .convertShape(VectorOperators.B2S, ws, 0)).mul(x0).reinterpretAsInts();
            IntVector b0 = ((ShortVector) ByteVector.fromMemorySegment(hb, w, ib + Q8_0.QS, LE)
                    .convertShape(VectorOperators.B2S, ws, 0)).mul(x0).reinterpretAsInts();
            IntVector sa = a0.add(a0.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
            IntVector sb = b0.add(b0.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
            if (Q8_LOADS > 1) {
                ShortVector x1 = (ShortVector) ByteVector.fromArray(hb, qs, xi + hb.length())
                        .convertShape(VectorOperators.B2S, ws, 0);
                IntVector a1 = ((ShortVector) ByteVector.fromMemorySegment(hb, w, ia + Q8_0.QS + hb.length(), LE)
                        .convertShape(VectorOperators.B2S, ws, 0)).mul(x1).reinterpretAsInts();
                IntVector b1 = ((ShortVector) ByteVector.fromMemorySegment(hb, w, ib + Q8_0.QS + hb.length(), LE)
                        .convertShape(VectorOperators.B2S, ws, 0)).mul(x1).reinterpretAsInts();
                sa = sa.add(a1.add(a1.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16));
                sb = sb.add(b1.add(b1.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16));
            }
            if (Q8_LOADS > 2) {
                ShortVector x2 = (ShortVector) ByteVector.fromArray(hb, qs, xi + 2 * hb.length())
                        .convertShape(VectorOperators.B2S, ws, 0);
                IntVector a2 = ((ShortVector) ByteVector.fromMemorySegment(hb, w, ia + Q8_0.QS + 2 * hb.length(), LE)
                        .convertShape(VectorOperators.B2S, ws, 0)).mul(x2).reinterpretAsInts();
                IntVector b2 = ((ShortVector) ByteVector.fromMemorySegment(hb, w, ib + Q8_0.QS + 2 * hb.length(), LE)
                        .convertShape(VectorOperators.B2S, ws, 0)).mul(x2).reinterpretAsInts();
                sa = sa.add(a2.add(a2.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16));
                sb = sb.add(b2.add(b2.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16));
                ShortVector x3 = (ShortVector) ByteVector.fromArray(hb, qs, xi + 3 * hb.length())
                        .convertShape(VectorOperators.B2S, ws, 0);
                IntVector a3 = ((ShortVector) ByteVector.fromMemorySegment(hb, w, ia + Q8_0.QS + 3 * hb.length(), LE)
                        .convertShape(VectorOperators.B2S, ws, 0)).mul(x3).reinterpretAsInts();
                IntVector b3 = ((ShortVector) ByteVector.fromMemorySegment(hb, w, ib + Q8_0.QS + 3 * hb.length(), LE)
                        .convertShape(VectorOperators.B2S, ws, 0)).mul(x3).reinterpretAsInts();
                sa = sa.add(a3.add(a3.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16));
                sb = sb.add(b3.add(b3.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16));
            }
            float xs = xd[xb0 + b];
            float da = F16.get(w, ia);
            float db = F16.get(w, ib);
            scalesA += CheckedDot.scaleTerm(da);
            scalesB += CheckedDot.scaleTerm(db);
            accA = ((FloatVector) sa.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(FS, da * xs), accA);
            accB = ((FloatVector) sb.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(FS, db * xs), accB);
            checkA = checkA.add(sa);
            checkB = checkB.add(sb);
        }
        float totalA = (accA.lane(0) + accA.lane(1)) + (accA.lane(2) + accA.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            totalA += (accA.lane(4) + accA.lane(5)) + (accA.lane(6) + accA.lane(7));
        }
        if (LANES > 8) {
            totalA += (accA.lane(8) + accA.lane(9)) + (accA.lane(10) + accA.lane(11));
            totalA += (accA.lane(12) + accA.lane(13)) + (accA.lane(14) + accA.lane(15));
        }
        float totalB = (accB.lane(0) + accB.lane(1)) + (accB.lane(2) + accB.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            totalB += (accB.lane(4) + accB.lane(5)) + (accB.lane(6) + accB.lane(7));
        }
        if (LANES > 8) {
            totalB += (accB.lane(8) + accB.lane(9)) + (accB.lane(10) + accB.lane(11));
            totalB += (accB.lane(12) + accB.lane(13)) + (accB.lane(14) + accB.lane(15));
        }
        y[ra] = totalA;
        y[rb] = totalB;
        return ((long) (checkA.reduceLanes(VectorOperators.ADD) + scalesA) << 32)
                | ((checkB.reduceLanes(VectorOperators.ADD) + scalesB) & 0xffff_ffffL);
    }

    // ---- Q4_0

    private static void q4Matvec(Tensor w, float[] x, int xOff, float[] y, int rowStart, int rowEnd) {
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        int blocks = w.cols() / Q4_0.BLOCK;
        for (int r = rowStart; r < rowEnd; r++) {
            y[r] = q4Dot(seg, r * rb, x, xOff, blocks);
        }
    }

    private static float q4Dot(MemorySegment w, long off, float[] x, int xOff, int blocks) {
        VectorSpecies<Integer> is = IS;
        VectorSpecies<Byte> bs = BS;
        int lanes = FS.length();
        int parts = bs.length() / lanes;
        FloatVector acc = FloatVector.zero(FS);
        for (int b = 0; b < blocks; b++) {
            long in = off + (long) b * Q4_0.BYTES;
            int xb = xOff + b * Q4_0.BLOCK;
            FloatVector blk = FloatVector.zero(FS);
            for (int j = 0; j < Q4_0.BLOCK / 2; j += bs.length()) {
                ByteVector q = ByteVector.fromMemorySegment(bs, w, in + Q4_0.QS + j, LE);
                for (int p = 0; p < parts; p++) {
                    IntVector n = (IntVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, is, p);
                    FloatVector lo = (FloatVector) n.and(0xf).sub(8).convert(VectorOperators.I2F, 0);
                    FloatVector hi = (FloatVector) n.lanewise(VectorOperators.LSHR, 4).sub(8)
                            .convert(VectorOperators.I2F, 0);
                    int xj = xb + j + p * lanes;
                    blk = lo.fma(FloatVector.fromArray(FS, x, xj), blk);
                    blk = hi.fma(FloatVector.fromArray(FS, x, xj + Q4_0.BLOCK / 2), blk);
                }
            }
            acc = blk.fma(FloatVector.broadcast(FS, F16.get(w, in)), acc);
        }
        float total = (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            total += (acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7));
        }
        if (LANES > 8) {
            total += (acc.lane(8) + acc.lane(9)) + (acc.lane(10) + acc.lane(11));
            total += (acc.lane(12) + acc.lane(13)) + (acc.lane(14) + acc.lane(15));
        }
        return total;
    }

    /** As {@link #q8DotQ8Pair}, for Q4_0 weights: the two rows share the activation loads and widenings. */
    private static long q4DotQ8Pair(MemorySegment w, long offA, long offB, Q8Activations x, int xOff,
            int blocks, float[] y, int ra, int rb) {
        VectorSpecies<Integer> is = IS;
        VectorSpecies<Byte> bs = BS;
        int parts = bs.length() / FS.length();
        byte[] qs = x.qs;
        float[] xd = x.d;
        int xb0 = xOff >> 5;
        FloatVector accA = FloatVector.zero(FS);
        FloatVector accB = FloatVector.zero(FS);
        IntVector checkA = IntVector.zero(is);
        IntVector checkB = IntVector.zero(is);
        int scalesA = 0;
        int scalesB = 0;
        for (int b = 0; b < blocks; b++) {
            long ia = offA + (long) b * Q4_0.BYTES;
            long ib = offB + (long) b * Q4_0.BYTES;
            int xi = xOff + b * Q4_0.BLOCK;
            IntVector sa = IntVector.zero(is);
            IntVector sb = IntVector.zero(is);
            for (int j = 0; j < Q4_0.BLOCK / 2; j += bs.length()) {
                ByteVector wa = ByteVector.fromMemorySegment(bs, w, ia + Q4_0.QS + j, LE);
                ByteVector wb = ByteVector.fromMemorySegment(bs, w, ib + Q4_0.QS + j, LE);
                ByteVector xlo = ByteVector.fromArray(bs, qs, xi + j);
                ByteVector xhi = ByteVector.fromArray(bs, qs, xi + j + Q4_0.BLOCK / 2);
                for (int p = 0; p < parts; p++) {
                    IntVector xl = (IntVector) xlo.convertShape(VectorOperators.B2I, is, p);
                    IntVector xh = (IntVector) xhi.convertShape(VectorOperators.B2I, is, p);
                    IntVector na = (IntVector) wa.convertShape(VectorOperators.ZERO_EXTEND_B2I, is, p);
                    IntVector nb = (IntVector) wb.convertShape(VectorOperators.ZERO_EXTEND_B2I, is, p);
                    sa = sa.add(na.and(0xf).sub(8).mul(xl)).add(na.lanewise(VectorOperators.LSHR, 4).sub(8).mul(xh));
                    sb = sb.add(nb.and(0xf).sub(8).mul(xl)).add(nb.lanewise(VectorOperators.LSHR, 4).sub(8).mul(xh));
                }
            }
            float xs = xd[xb0 + b];
            float da = F16.get(w, ia);
            float db = F16.get(w, ib);
            scalesA += CheckedDot.scaleTerm(da);
            scalesB += CheckedDot.scaleTerm(db);
            accA = ((FloatVector) sa.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(FS, da * xs), accA);
            accB = ((FloatVector) sb.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(FS, db * xs), accB);
            checkA = checkA.add(sa);
            checkB = checkB.add(sb);
        }
        float totalA = (accA.lane(0) + accA.lane(1)) + (accA.lane(2) + accA.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            totalA += (accA.lane(4) + accA.lane(5)) + (accA.lane(6) + accA.lane(7));
        }
        if (LANES > 8) {
            totalA += (accA.lane(8) + accA.lane(9)) + (accA.lane(10) + accA.lane(11));
            totalA += (accA.lane(12) + accA.lane(13)) + (accA.lane(14) + accA.lane(15));
        }
        float totalB = (accB.lane(0) + accB.lane(1)) + (accB.lane(2) + accB.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            totalB += (accB.lane(4) + accB.lane(5)) + (accB.lane(6) + accB.lane(7));
        }
        if (LANES > 8) {
            totalB += (accB.lane(8) + accB.lane(9)) + (accB.lane(10) + accB.lane(11));
            totalB += (accB.lane(12) + accB.lane(13)) + (accB.lane(14) + accB.lane(15));
        }
        y[ra] = totalA;
        y[rb] = totalB;
        return ((long) (checkA.reduceLanes(VectorOperators.ADD) + scalesA) << 32)
                | ((checkB.reduceLanes(VectorOperators.ADD) + scalesB) & 0xffff_ffffL);
    }

    // ====



    private static void floatMatvec(Tensor w, float[] x, int xOff, float[] y, int rowStart, int rowEnd) {
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        int n = w.cols();
        GgmlType type = w.type();
        for (int r = rowStart; r < rowEnd; r++) {
            long off = r * rb;
            y[r] = switch (type) {
                case F32 -> f32Dot(seg, off, x, xOff, n);
                case F16 -> halfDot(seg, off, x, xOff, n);
                case BF16 -> bf16Dot(seg, off, x, xOff, n);
                default -> throw new IllegalArgumentException("not a float weight type: " + type);
            };
        }
    }

    private static float f32Dot(MemorySegment w, long off, float[] x, int xOff, int n) {
        int lanes = FS.length();
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = FloatVector.zero(FS);
        int i = 0;
        for (; i <= n - 2 * lanes; i += 2 * lanes) {
            a0 = FloatVector.fromMemorySegment(FS, w, off + 4L * i, LE).fma(FloatVector.fromArray(FS, x, xOff + i), a0);
            a1 = FloatVector.fromMemorySegment(FS, w, off + 4L * (i + lanes), LE)
                    .fma(FloatVector.fromArray(FS, x, xOff + i + lanes), a1);
        }
        for (; i <= n - lanes; i += lanes) {
            a0 = FloatVector.fromMemorySegment(FS, w, off + 4L * i, LE).fma(FloatVector.fromArray(FS, x, xOff + i), a0);
        }
        FloatVector acc = a0.add(a1);
        float s = (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            s += (acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7));
        }
        if (LANES > 8) {
            s += (acc.lane(8) + acc.lane(9)) + (acc.lane(10) + acc.lane(11));
            s += (acc.lane(12) + acc.lane(13)) + (acc.lane(14) + acc.lane(15));
        }
        for (; i < n; i++) {
            s += w.get(LittleEndian.FLOAT, off + 4L * i) * x[xOff + i];
        }
        return s;
    }

    private static float halfDot(MemorySegment w, long off, float[] x, int xOff, int n) {
        FloatVector acc = FloatVector.zero(FS);
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            IntVector h = (IntVector) ShortVector.fromMemorySegment(SS, w, off + 2L * i, LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_S2I, IS, 0);
            IntVector em = h.and(0x7fff); // half to float as in the class doc
            IntVector mag = em.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(TWO_POW_112).reinterpretAsInts()
                    .blend(em.lanewise(VectorOperators.LSHL, 13).or(0x7f800000), em.compare(VectorOperators.GE, 0x7c00));
            FloatVector wv = mag.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            acc = wv.fma(FloatVector.fromArray(FS, x, xOff + i), acc);
        }
        float s = (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            s += (acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7));
        }
        if (LANES > 8) {
            s += (acc.lane(8) + acc.lane(9)) + (acc.lane(10) + acc.lane(11));
            s += (acc.lane(12) + acc.lane(13)) + (acc.lane(14) + acc.lane(15));
        }
        for (; i < n; i++) {
            float wv = F16.get(w, off + 2L * i);
            s += wv * x[xOff + i];
        }
        return s;
    }

    private static float bf16Dot(MemorySegment w, long off, float[] x, int xOff, int n) {
        VectorSpecies<Short> ss = SS;
        VectorSpecies<Integer> is = IS;
        int lanes = FS.length();
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = FloatVector.zero(FS);
        int i = 0;
        for (; i <= n - 2 * lanes; i += 2 * lanes) {
            FloatVector w0 = ((IntVector) ShortVector.fromMemorySegment(ss, w, off + 2L * i, LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_S2I, is, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w1 = ((IntVector) ShortVector.fromMemorySegment(ss, w, off + 2L * (i + lanes), LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_S2I, is, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            a0 = w0.fma(FloatVector.fromArray(FS, x, xOff + i), a0);
            a1 = w1.fma(FloatVector.fromArray(FS, x, xOff + i + lanes), a1);
        }
        for (; i <= n - lanes; i += lanes) {
            FloatVector w0 = ((IntVector) ShortVector.fromMemorySegment(ss, w, off + 2L * i, LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_S2I, is, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            a0 = w0.fma(FloatVector.fromArray(FS, x, xOff + i), a0);
        }
        FloatVector acc = a0.add(a1);
        float s = (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            s += (acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7));
        }
        if (LANES > 8) {
            s += (acc.lane(8) + acc.lane(9)) + (acc.lane(10) + acc.lane(11));
            s += (acc.lane(12) + acc.lane(13)) + (acc.lane(14) + acc.lane(15));
        }
        for (; i < n; i++) {
            float wv = BF16.get(w, off + 2L * i);
            s += wv * x[xOff + i];
        }
        return s;
    }

    private static final float TWO_POW_112 = 0x1p112f;


    // ====



    // ---- Q8 rounding, bit-exact with Q8_0.quantizeActivations

    private static void quantizeQ8(float[] x, int xOff, int n, Q8Activations out, int outOff) {
        VectorSpecies<Integer> is = IS;
        VectorSpecies<Byte> bs = BS;
        int lanes = FS.length();
        VectorMask<Byte> store = bs.indexInRange(0, lanes);
        byte[] qs = out.qs;
        for (int b = 0; b < n / Q8_0.BLOCK; b++) {
            int base = xOff + b * Q8_0.BLOCK;
            int o = outOff + b * Q8_0.BLOCK;
            FloatVector m = FloatVector.zero(FS);
            for (int j = 0; j < Q8_0.BLOCK; j += lanes) {
                m = m.max(FloatVector.fromArray(FS, x, base + j).abs());
            }
            float amax = m.reduceLanes(VectorOperators.MAX);
            float d = amax / 127f;
            float id = d != 0f ? 1f / d : 0f;
            IntVector sum = IntVector.zero(is);
            for (int j = 0; j < Q8_0.BLOCK; j += lanes) {
                FloatVector v = FloatVector.fromArray(FS, x, base + j).mul(id);
                FloatVector a = v.abs();
                IntVector t = (IntVector) a.convert(VectorOperators.F2I, 0);
                FloatVector frac = a.sub((FloatVector) t.convert(VectorOperators.I2F, 0));
                IntVector r = t.add(1, frac.compare(VectorOperators.GE, 0.5f).cast(is));
                IntVector q = r.lanewise(VectorOperators.NEG, v.compare(VectorOperators.LT, 0f).cast(is));
                sum = sum.add(q);
                ((ByteVector) q.convertShape(VectorOperators.I2B, bs, 0)).intoArray(qs, o + j, store);
            }
            out.d[o >> 5] = F16.round(d);
            out.sums[o >> 5] = sum.reduceLanes(VectorOperators.ADD);
        }
    }

    // ---- reductions and maps

    private static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int lanes = FS.length();
        FloatVector acc = FloatVector.zero(FS);
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            acc = FloatVector.fromArray(FS, a, aOff + i).fma(FloatVector.fromArray(FS, b, bOff + i), acc);
        }
        float s = (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            s += (acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7));
        }
        if (LANES > 8) {
            s += (acc.lane(8) + acc.lane(9)) + (acc.lane(10) + acc.lane(11));
            s += (acc.lane(12) + acc.lane(13)) + (acc.lane(14) + acc.lane(15));
        }
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    private static void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] w, int n,
            float eps) {
        float ss = dot(x, xOff, x, xOff, n);
        ss /= n;
        ss += eps;
        ss = 1f / (float) Math.sqrt(ss);
        int lanes = FS.length();
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            FloatVector.fromArray(FS, w, i).mul(FloatVector.fromArray(FS, x, xOff + i).mul(ss))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = w[i] * (ss * x[xOff + i]);
        }
    }

    private static void softmax(float[] x, int off, int n) {
        int lanes = FS.length();
        int i = 0;
        float max = x[off];
        for (; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        FloatVector sumV = FloatVector.zero(FS);
        for (i = 0; i <= n - lanes; i += lanes) {
            expInPlace(x, off + i, 1f, -max);
            sumV = sumV.add(FloatVector.fromArray(FS, x, off + i));
        }
        float sum = (sumV.lane(0) + sumV.lane(1)) + (sumV.lane(2) + sumV.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            sum += (sumV.lane(4) + sumV.lane(5)) + (sumV.lane(6) + sumV.lane(7));
        }
        if (LANES > 8) {
            sum += (sumV.lane(8) + sumV.lane(9)) + (sumV.lane(10) + sumV.lane(11));
            sum += (sumV.lane(12) + sumV.lane(13)) + (sumV.lane(14) + sumV.lane(15));
        }
        for (; i < n; i++) {
            x[off + i] = (float) Math.exp(x[off + i] - max);
            sum += x[off + i];
        }
        for (i = 0; i <= n - lanes; i += lanes) {
            FloatVector.fromArray(FS, x, off + i).div(sum).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] /= sum;
        }
    }

    private static void swiglu(float[] gate, float[] up, int n) {
        int lanes = FS.length();
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            FloatVector v = FloatVector.fromArray(FS, gate, i);
            expInPlace(gate, i, -1f, 0f);
            FloatVector silu = v.div(FloatVector.fromArray(FS, gate, i).add(1f));
            silu.mul(FloatVector.fromArray(FS, up, i)).intoArray(gate, i);
        }
        for (; i < n; i++) {
            float v = gate[i];
            v *= 1f / (1f + (float) Math.exp(-v));
            gate[i] = v * up[i];
        }
    }

    private static void add(float[] x, float[] y, int n) {
        int lanes = FS.length();
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            FloatVector.fromArray(FS, x, i).add(FloatVector.fromArray(FS, y, i)).intoArray(x, i);
        }
        for (; i < n; i++) {
            x[i] += y[i];
        }
    }

    /** Raw bits of each lane, summed as ints: exact and order-free, so equal to the scalar sum. */
    private static int bitSum(float[] a, int off, int n) {
        int lanes = FS.length();
        IntVector acc = IntVector.zero(IS);
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            acc = acc.add(FloatVector.fromArray(FS, a, off + i).reinterpretAsInts());
        }
        int s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += Float.floatToRawIntBits(a[off + i]);
        }
        return s;
    }

    /**
     * Bytes widened to int lanes and added: exact and order-free, so equal to the scalar sum. A step takes as
     * many bytes as there are int lanes; the byte load can be wider (at 128 bits the narrowest byte species
     * has 8 lanes for 4 ints), so the loop stops while a whole load still fits in the region.
     */
    private static int byteSum(byte[] a, int off, int n) {
        int lanes = IS.length();
        int load = BS.length();
        IntVector acc = IntVector.zero(IS);
        int i = 0;
        for (; i <= n - load; i += lanes) {
            acc = acc.add((IntVector) ByteVector.fromArray(BS, a, off + i).convertShape(VectorOperators.B2I, IS, 0));
        }
        int s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    /** Compared as ints, so NaN payloads and signed zeros count. */
    private static boolean sameBits(float[] a, int aOff, float[] b, int bOff, int n) {
        int lanes = FS.length();
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            IntVector x = FloatVector.fromArray(FS, a, aOff + i).reinterpretAsInts();
            IntVector y = FloatVector.fromArray(FS, b, bOff + i).reinterpretAsInts();
            if (x.compare(VectorOperators.NE, y).anyTrue()) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (Float.floatToRawIntBits(a[aOff + i]) != Float.floatToRawIntBits(b[bOff + i])) {
                return false;
            }
        }
        return true;
    }

    // ---- RoPE

    private static void rope(float[] x, int off, int headStart, int headEnd, int headSize,
            float[] cos, float[] sin, int tableOff, RopeLayout layout) {
        int half = headSize / 2;
        int lanes = FS.length();
        for (int h = headStart; h < headEnd; h++) {
            int base = off + h * headSize;
            int i = 0;
            if (layout == RopeLayout.ADJACENT) {
                VectorShuffle<Float> swap = SWAP;
                FloatVector sign = FloatVector.fromArray(FS, SIGN, 0);
                // lanes values = lanes/2 pairs per step
                for (; i <= half - lanes / 2; i += lanes / 2) {
                    int a = base + 2 * i;
                    FloatVector v = FloatVector.fromArray(FS, x, a);
                    FloatVector c = FloatVector.fromArray(FS, cos, tableOff + i, LOW_HALF).rearrange(DUP);
                    FloatVector s = FloatVector.fromArray(FS, sin, tableOff + i, LOW_HALF).rearrange(DUP).mul(sign);
                    v.mul(c).add(v.rearrange(swap).mul(s)).intoArray(x, a);
                }
                for (; i < half; i++) {
                    rotate(x, base + 2 * i, base + 2 * i + 1, cos[tableOff + i], sin[tableOff + i]);
                }
            } else {
                for (; i <= half - lanes; i += lanes) {
                    FloatVector v0 = FloatVector.fromArray(FS, x, base + i);
                    FloatVector v1 = FloatVector.fromArray(FS, x, base + half + i);
                    FloatVector c = FloatVector.fromArray(FS, cos, tableOff + i);
                    FloatVector s = FloatVector.fromArray(FS, sin, tableOff + i);
                    v0.mul(c).sub(v1.mul(s)).intoArray(x, base + i);
                    v0.mul(s).add(v1.mul(c)).intoArray(x, base + half + i);
                }
                for (; i < half; i++) {
                    rotate(x, base + i, base + half + i, cos[tableOff + i], sin[tableOff + i]);
                }
            }
        }
    }

    private static void rotate(float[] x, int a, int b, float c, float s) {
        float v0 = x[a];
        float v1 = x[b];
        x[a] = v0 * c - v1 * s;
        x[b] = v0 * s + v1 * c;
    }

    // ====



    private static void attention(float[] q, int qOff, KvCache cache, int layer, int pos,
            int nHeads, int nKvHeads, int headSize, float[] out, int outOff, int headStart, int headEnd,
            float[] vRowSums, float[] checks) {
        int group = nHeads / nKvHeads;
        float sqrt = (float) Math.sqrt(headSize);
        MemorySegment keys = cache.keys();
        MemorySegment values = cache.values();
        boolean f16 = cache.elementBytes() == 2;
        long eb = cache.elementBytes();
        for (int h = headStart; h < headEnd; h++) {
            int qh = qOff + h * headSize;
            int oh = outOff + h * headSize;
            int g = h / group;
            int kvOff = g * headSize;
            java.util.Arrays.fill(out, oh, oh + headSize, 0f);
            float m = Float.NEGATIVE_INFINITY;
            float l = 0f;
            double l2 = 0;
            float sSum = 0f;
            float sAbs = 0f;
            float vSum = 0f;
            float vAbs = 0f;
            boolean inRange = true;
            // The bit sums cost one integer add per vector load; one code path for the checked and the plain
            // kernel keeps the method small enough for C2 to scalarize its vectors.
            int kBits = 0;
            int vBits = 0;
            for (int t = 0; t <= pos; t++) {
                long kb = cache.index(layer, t, kvOff) * eb;
                long d = dotBits(keys, kb, f16, q, qh, headSize);
                float s = CheckedDot.value(d) / sqrt;
                kBits += CheckedDot.integerSum(d);
                sSum += s;
                sAbs += Math.abs(s);
                float p;
                if (s > m) {
                    float c = FloatMath.exp(m - s);
                    inRange &= c >= 0f && c <= 1f;
                    l *= c;
                    l2 *= c;
                    vSum *= c;
                    vAbs *= c;
                    scale(out, oh, headSize, c);
                    m = s;
                    p = 1f;
                } else {
                    p = FloatMath.exp(s - m);
                }
                inRange &= p >= 0f && p <= 1f;
                l += p;
                l2 += p;
                vBits += axpyBits(out, oh, headSize, p, values, cache.index(layer, t, kvOff) * eb, f16);
                if (checks != null) {
                    int vr = 2 * (t * nKvHeads + g);
                    vSum += p * vRowSums[vr];
                    vAbs += p * vRowSums[vr + 1];
                }
            }
            scale(out, oh, headSize, 1f / l);
            if (checks != null) {
                int c = h * Kernels.ATTENTION_CHECKS;
                checks[c + Kernels.CHECK_SCORE_SUM] = sSum;
                checks[c + Kernels.CHECK_SCORE_ABS] = sAbs;
                checks[c + Kernels.CHECK_NORM] = l;
                checks[c + Kernels.CHECK_NORM_TWIN] = (float) l2;
                checks[c + Kernels.CHECK_V_SUM] = vSum / l;
                checks[c + Kernels.CHECK_V_ABS] = inRange && !Float.isNaN(m) ? vAbs / l : Float.NaN;
                Kernels.putBits(checks, c + Kernels.CHECK_K_BITS, kBits);
                Kernels.putBits(checks, c + Kernels.CHECK_V_BITS, vBits);
            }
        }
    }

    /**
     * {@code sum_i K[i] * q[qh + i]} for a cache row of f32 or f16 values at byte offset {@code kb}, packed
     * with the wrapping sum of the raw bits of the keys it read ({@link CheckedDot}).
     */
    private static long dotBits(MemorySegment k, long kb, boolean f16, float[] q, int qh, int n) {
        int lanes = FS.length();
        FloatVector acc = FloatVector.zero(FS);
        IntVector bits = IntVector.zero(IS);
        int i = 0;
        if (f16) { // two loops rather than a branch inside one: see the class doc on merged vector values
            for (; i <= n - lanes; i += lanes) {
                IntVector h = (IntVector) ShortVector.fromMemorySegment(SS, k, kb + 2L * i, LE)
                        .convertShape(VectorOperators.ZERO_EXTEND_S2I, IS, 0);
                IntVector em = h.and(0x7fff); // half to float as in the class doc
                IntVector mag = em.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(TWO_POW_112).reinterpretAsInts()
                        .blend(em.lanewise(VectorOperators.LSHL, 13).or(0x7f800000), em.compare(VectorOperators.GE, 0x7c00));
                FloatVector kv = mag.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
                acc = kv.fma(FloatVector.fromArray(FS, q, qh + i), acc);
                bits = bits.add(kv.reinterpretAsInts());
            }
        } else {
            for (; i <= n - lanes; i += lanes) {
                FloatVector kv = FloatVector.fromMemorySegment(FS, k, kb + 4L * i, LE);
                acc = kv.fma(FloatVector.fromArray(FS, q, qh + i), acc);
                bits = bits.add(kv.reinterpretAsInts());
            }
        }
        float s = (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3)); // lane order, see class doc
        if (LANES > 4) {
            s += (acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7));
        }
        if (LANES > 8) {
            s += (acc.lane(8) + acc.lane(9)) + (acc.lane(10) + acc.lane(11));
            s += (acc.lane(12) + acc.lane(13)) + (acc.lane(14) + acc.lane(15));
        }
        int b = bits.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float kv = get(k, kb, i, f16);
            s += kv * q[qh + i];
            b += Float.floatToRawIntBits(kv);
        }
        return CheckedDot.pack(s, b);
    }

    /** {@code out[oh + i] += p * V[i]}, returning the wrapping sum of the raw bits of the values it read. */
    private static int axpyBits(float[] out, int oh, int n, float p, MemorySegment v, long vb, boolean f16) {
        int lanes = FS.length();
        IntVector bits = IntVector.zero(IS);
        int i = 0;
        if (f16) {
            for (; i <= n - lanes; i += lanes) {
                IntVector h = (IntVector) ShortVector.fromMemorySegment(SS, v, vb + 2L * i, LE)
                        .convertShape(VectorOperators.ZERO_EXTEND_S2I, IS, 0);
                IntVector em = h.and(0x7fff); // half to float as in the class doc
                IntVector mag = em.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(TWO_POW_112).reinterpretAsInts()
                        .blend(em.lanewise(VectorOperators.LSHL, 13).or(0x7f800000), em.compare(VectorOperators.GE, 0x7c00));
                FloatVector vv = mag.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
                vv.fma(FloatVector.broadcast(FS, p), FloatVector.fromArray(FS, out, oh + i)).intoArray(out, oh + i);
                bits = bits.add(vv.reinterpretAsInts());
            }
        } else {
            for (; i <= n - lanes; i += lanes) {
                FloatVector vv = FloatVector.fromMemorySegment(FS, v, vb + 4L * i, LE);
                vv.fma(FloatVector.broadcast(FS, p), FloatVector.fromArray(FS, out, oh + i)).intoArray(out, oh + i);
                bits = bits.add(vv.reinterpretAsInts());
            }
        }
        int b = bits.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float vv = get(v, vb, i, f16);
            out[oh + i] += p * vv;
            b += Float.floatToRawIntBits(vv);
        }
        return b;
    }

    private static void scale(float[] out, int oh, int n, float c) {
        int lanes = FS.length();
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            FloatVector.fromArray(FS, out, oh + i).mul(c).intoArray(out, oh + i);
        }
        for (; i < n; i++) {
            out[oh + i] *= c;
        }
    }

    private static float get(MemorySegment s, long base, int i, boolean f16) {
        return f16 ? F16.get(s, base + 2L * i) : s.get(LittleEndian.FLOAT, base + 4L * i);
    }
}
