package io.radinfer.faults.model;

/**
 * Derives the per-injection seed from the campaign seed and the injection id: the {@code id}-th output of a
 * SplitMix64 generator seeded with the campaign seed (G. Steele, D. Lea, C. Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014). Each id's seed is computed directly, without generating the
 * ones before it, so it does not depend on which shard or thread runs the id, or in what order.
 */
public final class SeedSequence {
    /** SplitMix64's increment, the odd integer closest to 2^64 / golden ratio. */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private SeedSequence() {
    }

    /** The seed of injection {@code id} of the campaign seeded with {@code campaignSeed}. */
    public static long injectionSeed(long campaignSeed, long id) {
        return Bits.mix64(campaignSeed + (id + 1) * GAMMA);
    }
}
