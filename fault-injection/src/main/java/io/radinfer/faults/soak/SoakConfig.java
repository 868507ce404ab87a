package io.radinfer.faults.soak;

import io.radinfer.runtime.protect.ProtectionPreset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What a soak runs.
 *
 * @param model the model file, or {@code null} for the built-in model
 * @param duration how long to generate
 * @param faultRate mean faults injected per token position processed (prompt or generated): the number of faults
 *     in a forward pass over {@code n} positions is Poisson-distributed with mean {@code faultRate * n}
 * @param protection the protection preset of the session under test
 * @param scrubPeriod the background weight scrub period; zero turns scrubbing off
 * @param targets where faults go; each fault picks one of them uniformly
 * @param promptTokens prompt length of each generation (random token ids)
 * @param generateTokens tokens generated per generation (greedy), fewer if the model emits BOS/EOS
 * @param shadowEvery every {@code shadowEvery}-th generation is also run on a clean copy of the model, and its
 *     token ids are compared (1 = every generation)
 * @param reportEvery how often a report line is produced
 * @param seed seeds the prompts and the faults
 */
public record SoakConfig(Path model, Duration duration, double faultRate, ProtectionPreset protection,
        Duration scrubPeriod, Set<SoakTarget> targets, int promptTokens, int generateTokens, int shadowEvery,
        Duration reportEvery, long seed) {

    public SoakConfig {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("soak duration must be positive, got " + duration);
        }
        if (!(faultRate >= 0 && faultRate <= 1000)) {
            throw new IllegalArgumentException("fault rate must be in 0..1000 faults per token, got " + faultRate);
        }
        if (scrubPeriod.isNegative()) {
            throw new IllegalArgumentException("scrub period must not be negative, got " + scrubPeriod);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one fault target is needed");
        }
        if (promptTokens < 1 || generateTokens < 1) {
            throw new IllegalArgumentException("prompt and generation lengths must be at least 1");
        }
        if (shadowEvery < 1) {
            throw new IllegalArgumentException("shadow sampling must be at least 1 (every generation), got " + shadowEvery);
        }
        if (reportEvery.isNegative() || reportEvery.isZero()) {
            throw new IllegalArgumentException("report period must be positive, got " + reportEvery);
        }
        targets = Set.copyOf(targets);
    }
}
