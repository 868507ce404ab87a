package io.radinfer.kernels.quant;

/**
 * C's {@code roundf} (round half away from zero), which ggml's reference quantizers use. Computed from the
 * truncated value and the exact fraction so the Vector API twin can do the same steps and get the same
 * integers: for |v| < 2^23, {@code |v| - trunc(|v|)} is exact in float.
 */
public final class Rounding {
    private Rounding() {
    }

    /** {@code roundf(v)} as an int, for |v| < 2^23. */
    public static int roundHalfAway(float v) {
        float a = Math.abs(v);
        int t = (int) a;
        int r = (a - t) >= 0.5f ? t + 1 : t;
        return v < 0 ? -r : r;
    }
}
