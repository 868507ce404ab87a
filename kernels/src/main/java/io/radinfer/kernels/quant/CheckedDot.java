package io.radinfer.kernels.quant;

/**
 * One row's integer-path dot product together with its ABFT integer sum, packed in a {@code long} so a
 * kernel gets both from one read of the weights without allocating: the float's raw bits in the low 32
 * bits, the wrapping sum of the row's integer block dots in the high 32.
 *
 * <p>Both must come from the same read. The weight scrubber rewrites a corrupt region while sessions read
 * it; a kernel that read the weights once for the output and again for the sum could compute the output
 * from the corrupt bytes and the sum from the repaired ones, and the check would vouch for a wrong output
 * (the jcstress test {@code ScrubberRepairRace} observed exactly that).
 */
public final class CheckedDot {
    private CheckedDot() {
    }

    public static long pack(float value, int integerSum) {
        return ((long) integerSum << 32) | (Float.floatToRawIntBits(value) & 0xffff_ffffL);
    }

    /** The row's output value. */
    public static float value(long packed) {
        return Float.intBitsToFloat((int) packed);
    }

    /**
     * What a Q8_0/Q4_0 block's scale adds to the integer sum: its raw bits (as the kernel decoded them to
     * float) times an odd constant, so the check covers the scales bit for bit too. A flip in a scale's low
     * mantissa bits moves the output by less than the float check's rounding bound, and without this term it
     * would go unseen until the scrubber's next pass. The odd multiplier is invertible mod 2^32, so one flipped
     * bit always changes the sum; it also spreads the change so that it is unlikely to cancel a flip in an
     * int8 value elsewhere.
     */
    public static int scaleTerm(float scale) {
        return Float.floatToRawIntBits(scale) * 0x9E3779B1;
    }

    /**
     * The wrapping sum of the raw bits of {@code a[off .. off+n)}: any single bit flip changes it (by
     * +-2^k, never 0 mod 2^32), however small the change of the value. The activation guards and the
     * matrix ops' output sums use it.
     */
    public static int bitSum(float[] a, int off, int n) {
        int s = 0;
        for (int i = off, e = off + n; i < e; i++) {
            s += Float.floatToRawIntBits(a[i]);
        }
        return s;
    }

    /** The row's integer sum, as the ABFT integer check predicts it from the column sums. */
    public static int integerSum(long packed) {
        return (int) (packed >>> 32);
    }
}
