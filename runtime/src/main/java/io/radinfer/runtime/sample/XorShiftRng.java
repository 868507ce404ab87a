package io.radinfer.runtime.sample;

/**
 * The xorshift64* generator of llama2.c's {@code run.c} ({@code random_u32} / {@code random_f32}), bit for
 * bit: Marsaglia's xorshift with shifts 12, 25, 27 and Vigna's output multiplier {@code 0x2545F4914F6CDD1D}
 * (S. Vigna, "An experimental exploration of Marsaglia's xorshift generators, scrambled", 2016).
 *
 * <p>run.c keeps the state in an {@code unsigned long long} and shifts it with {@code >>}; the Java
 * equivalent is {@code >>>} on a {@code long}, and the 64-bit product wraps identically. The state starts
 * at the seed itself, as in run.c's {@code build_sampler}.
 *
 * <pre>{@code
 * XorShiftRng rng = new XorShiftRng(42);
 * float coin = rng.nextF32(); // same value as run.c's first random_f32() with -s 42
 * }</pre>
 */
public final class XorShiftRng {
    private long state;

    /**
     * @param seed the initial state; any value but 0 (a zero state stays zero, so every draw would be 0;
     *     run.c replaces a 0 seed with the time of day, which a reproducible library must not do)
     * @throws IllegalArgumentException if {@code seed == 0}
     */
    public XorShiftRng(long seed) {
        if (seed == 0) {
            throw new IllegalArgumentException("seed must not be 0: xorshift64* maps the all-zero state to itself; "
                    + "choose any other seed");
        }
        this.state = seed;
    }

    /** Advances the state and returns the upper 32 bits of the scrambled state, as an unsigned int's bits. */
    public int nextU32() {
        long s = state;
        s ^= s >>> 12;
        s ^= s << 25;
        s ^= s >>> 27;
        state = s;
        return (int) ((s * 0x2545F4914F6CDD1DL) >>> 32);
    }

    /** A float in [0, 1) from the top 24 bits of {@link #nextU32()}, exactly as run.c's {@code random_f32}. */
    public float nextF32() {
        return (nextU32() >>> 8) / 16777216.0f;
    }
}
