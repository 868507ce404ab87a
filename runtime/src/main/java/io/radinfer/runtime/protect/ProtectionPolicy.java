package io.radinfer.runtime.protect;

import io.radinfer.runtime.model.OpKind;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Which {@link ProtectionMode} each op of each layer runs under, plus the recovery settings: how many
 * times a failing op is computed before the fault is declared uncorrectable, how TMR replicas run, and how
 * often the weight scrubber re-verifies the weights.
 *
 * <pre>{@code
 * ProtectionPolicy p = ProtectionPolicy.builder(ProtectionPreset.CHECKSUM)
 *         .mode(-1, OpKind.CLASSIFIER, ProtectionMode.TMR)     // the model head: vote
 *         .maxAttempts(4)
 *         .build();
 * }</pre>
 */
public final class ProtectionPolicy {
    /** How the three TMR replicas run. */
    public enum TmrStyle {
        /** One after the other on the session's threads. */
        TEMPORAL,
        /** At the same time on three threads (each replica single-threaded). */
        SPATIAL
    }

    /** Default period of the background weight scrub. */
    public static final Duration DEFAULT_SCRUB_PERIOD = Duration.ofSeconds(60);

    private final ProtectionPreset preset;
    private final EnumMap<OpKind, ProtectionMode> byOp;
    private final Map<Long, ProtectionMode> overrides;
    private final int maxAttempts;
    private final TmrStyle tmrStyle;
    private final Duration scrubPeriod;

    private ProtectionPolicy(Builder b) {
        this.preset = b.preset;
        this.byOp = new EnumMap<>(b.byOp);
        this.overrides = Map.copyOf(b.overrides);
        this.maxAttempts = b.maxAttempts;
        this.tmrStyle = b.tmrStyle;
        this.scrubPeriod = b.scrubPeriod;
    }

    /** The policy of a preset with default recovery settings. */
    public static ProtectionPolicy of(ProtectionPreset preset) {
        return builder(preset).build();
    }

    /** Starts from a preset's modes. */
    public static Builder builder(ProtectionPreset preset) {
        return new Builder(preset);
    }

    /** The preset this policy started from. */
    public ProtectionPreset preset() {
        return preset;
    }

    /** The mode of {@code op} in {@code layer} (-1 for the model head: output norm and classifier). */
    public ProtectionMode mode(int layer, OpKind op) {
        ProtectionMode m = overrides.get(key(layer, op));
        return m != null ? m : byOp.get(op);
    }

    /** The modes for a model with {@code layers} layers, as a table {@code [layer + 1][op.ordinal()]}. */
    public ProtectionMode[][] resolve(int layers) {
        ProtectionMode[][] t = new ProtectionMode[layers + 1][OpKind.values().length];
        for (int l = -1; l < layers; l++) {
            for (OpKind op : OpKind.values()) {
                t[l + 1][op.ordinal()] = mode(l, op);
            }
        }
        return t;
    }

    /** Computations of a failing op (the first one included) before it is declared uncorrectable. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public TmrStyle tmrStyle() {
        return tmrStyle;
    }

    /** Period of the background weight scrub; {@link Duration#ZERO} turns it off. */
    public Duration scrubPeriod() {
        return scrubPeriod;
    }

    /** Whether any op runs under {@code mode}. */
    public boolean uses(ProtectionMode mode) {
        return byOp.containsValue(mode) || overrides.containsValue(mode);
    }

    @Override
    public String toString() {
        return preset.cliName() + (overrides.isEmpty() ? "" : " with " + overrides.size() + " overrides")
                + ", attempts " + maxAttempts + ", tmr " + tmrStyle.name().toLowerCase(java.util.Locale.ROOT)
                + ", scrub every " + (scrubPeriod.isZero() ? "(off)" : scrubPeriod.toSeconds() + " s");
    }

    private static long key(int layer, OpKind op) {
        return ((long) layer << 16) | op.ordinal();
    }

    /** Builds a policy; starts from a preset's modes. */
    public static final class Builder {
        private final ProtectionPreset preset;
        private final EnumMap<OpKind, ProtectionMode> byOp = new EnumMap<>(OpKind.class);
        private final Map<Long, ProtectionMode> overrides = new HashMap<>();
        private int maxAttempts = 3;
        private TmrStyle tmrStyle = TmrStyle.TEMPORAL;
        private Duration scrubPeriod;

        private Builder(ProtectionPreset preset) {
            this.preset = preset;
            for (OpKind op : OpKind.values()) {
                byOp.put(op, presetMode(preset, op));
            }
            if (preset == ProtectionPreset.SELECTIVE) {
                // The model head turns the last hidden state into the token: a fault there is an SDC with
                // nothing downstream to dilute it, so it gets a vote; everything else is checksummed.
                byOp.put(OpKind.OUTPUT_NORM, ProtectionMode.TMR);
                byOp.put(OpKind.CLASSIFIER, ProtectionMode.TMR);
            }
            this.scrubPeriod = preset == ProtectionPreset.NONE ? Duration.ZERO : DEFAULT_SCRUB_PERIOD;
        }

        private static ProtectionMode presetMode(ProtectionPreset p, OpKind op) {
            return switch (p) {
                case NONE -> ProtectionMode.NONE;
                case CHECKSUM, SELECTIVE -> op.isMatmul() || op == OpKind.ATTENTION ? ProtectionMode.CHECKSUM : ProtectionMode.DMR;
                case DMR -> ProtectionMode.DMR;
                case TMR -> ProtectionMode.TMR;
            };
        }

        /** Sets {@code op}'s mode in every layer (and the head). */
        public Builder mode(OpKind op, ProtectionMode mode) {
            byOp.put(op, mode);
            return this;
        }

        /** Sets {@code op}'s mode in one layer (-1: the model head). */
        public Builder mode(int layer, OpKind op, ProtectionMode mode) {
            if (layer < -1) {
                throw new IllegalArgumentException("layer must be >= -1 (the head), got " + layer);
            }
            overrides.put(key(layer, op), mode);
            return this;
        }

        /** Computations of a failing op before escalation, 2..16 (default 3). */
        public Builder maxAttempts(int n) {
            if (n < 2 || n > 16) {
                throw new IllegalArgumentException("max attempts must be in 2..16, got " + n);
            }
            this.maxAttempts = n;
            return this;
        }

        public Builder tmrStyle(TmrStyle style) {
            this.tmrStyle = style;
            return this;
        }

        /** Period of the background weight scrub; zero turns it off. */
        public Builder scrubPeriod(Duration period) {
            if (period.isNegative()) {
                throw new IllegalArgumentException("scrub period must not be negative, got " + period);
            }
            this.scrubPeriod = period;
            return this;
        }

        public ProtectionPolicy build() {
            return new ProtectionPolicy(this);
        }
    }

    /** For tests and reports: the distinct modes in use. */
    public ProtectionMode[] modesInUse() {
        return Arrays.stream(ProtectionMode.values()).filter(this::uses).toArray(ProtectionMode[]::new);
    }
}
