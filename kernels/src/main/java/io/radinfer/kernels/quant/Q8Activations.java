package io.radinfer.kernels.quant;

/**
 * Activations rounded to Q8_0 for the integer matvec/matmul path: per 32-value block an int8 vector,
 * a float scale and the sum of the block's int8 values (which turns Q4_0's "-8" offset and the K-quant
 * minimums into one multiply per block, as ggml's q8_1/q8_K blocks do).
 *
 * <p>Rounding follows ggml's {@code quantize_row_q8_0_ref}: {@code d = max|x| / 127},
 * {@code q = round(x / d)}; the scale used in the dot product is {@code d} rounded to f16 and back, so
 * results equal ggml's {@code vec_dot_q8_0_q8_0} on the same bytes.
 *
 * <p>One buffer holds up to {@link #capacity()} values: a single vector, or a batch of vectors of the same
 * length stored one after another (vector {@code b} of length {@code n} starts at value {@code b * n}).
 * Buffers are made once per session and reused; nothing here allocates after construction.
 */
public final class Q8Activations {
    public static final int BLOCK = 32;

    /** int8 values, {@code capacity} of them. */
    public final byte[] qs;
    /** Per-block scale (f16-rounded), {@code capacity / 32} of them. */
    public final float[] d;
    /** Per-block sum of {@link #qs}, {@code capacity / 32} of them. */
    public final int[] sums;

    public Q8Activations(int capacity) {
        if (capacity <= 0 || capacity % BLOCK != 0) {
            throw new IllegalArgumentException("capacity must be a positive multiple of 32, got " + capacity);
        }
        this.qs = new byte[capacity];
        this.d = new float[capacity / BLOCK];
        this.sums = new int[capacity / BLOCK];
    }

    public int capacity() {
        return qs.length;
    }
}
