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

    /** The row's integer sum, as the ABFT integer check predicts it from the column sums. */
    public static int integerSum(long packed) {
        return (int) (packed >>> 32);
    }
}
