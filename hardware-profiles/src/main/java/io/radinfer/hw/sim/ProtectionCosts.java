package io.radinfer.hw.sim;

import io.radinfer.runtime.protect.ProtectionPreset;

import java.util.EnumMap;
import java.util.Map;

/**
 * Throughput of each protection preset relative to {@link ProtectionPreset#NONE} (1 = no cost). The
 * simulator divides a request's time by the factor (redundant work takes longer) and keeps its power (the
 * same units stay busy), so energy per token grows by the same factor.
 *
 * <pre>{@code
 * ProtectionCosts costs = ProtectionCosts.placeholders();
 * double tmrSlowdown = 1 / costs.throughputFactor(ProtectionPreset.TMR); // ~3.1x
 * }</pre>
 */
public final class ProtectionCosts {
    private final EnumMap<ProtectionPreset, Double> factors;

    private ProtectionCosts(Map<ProtectionPreset, Double> factors) {
        this.factors = new EnumMap<>(factors);
        for (ProtectionPreset p : ProtectionPreset.values()) {
            Double f = this.factors.get(p);
            if (f == null || !(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("protection preset " + p.cliName()
                        + " needs a throughput factor in (0, 1], got " + f);
            }
        }
        if (this.factors.get(ProtectionPreset.NONE) != 1.0) {
            throw new IllegalArgumentException("the throughput factor of 'none' is 1 by definition");
        }
    }

    /**
     * Placeholders until {@code radinfer bench} measures the real ratios: the targets (checksum
     * 0.95, DMR 0.48, TMR 0.32 of NONE's tokens/s) and, for selective, 0.80 (an estimate between checksum
     * and DMR: checksummed matrices plus redundant execution of the most sensitive ops).
     */
    public static ProtectionCosts placeholders() {
        return of(Map.of(ProtectionPreset.NONE, 1.0, ProtectionPreset.CHECKSUM, 0.95, ProtectionPreset.SELECTIVE, 0.80,
                ProtectionPreset.DMR, 0.48, ProtectionPreset.TMR, 0.32));
    }

    /** Measured or chosen factors; every preset needs one, NONE's is 1. */
    public static ProtectionCosts of(Map<ProtectionPreset, Double> factors) {
        return new ProtectionCosts(factors);
    }

    /** Tokens/s with preset {@code p} relative to NONE. */
    public double throughputFactor(ProtectionPreset p) {
        return factors.get(p);
    }
}
