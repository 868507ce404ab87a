package io.radinfer.faults.model;

import java.util.Locale;

/**
 * What a campaign injects into. Weights and scales are memory at rest (an upset persists until scrubbed or the
 * run ends); activations, KV cache and accumulators are transient state, hit at a chosen op, layer and token.
 */
public enum Target {
    /** Weight values of the matmul tensors (quantized blocks or float values). */
    WEIGHTS("weights", true),
    /** The scale fields of quantized weight blocks. */
    SCALES("scales", true),
    /** An op's output activations. */
    ACTIVATIONS("activations", false),
    /** Keys and values in the attention cache. */
    KV_CACHE("kv-cache", false),
    /** A kernel's accumulators or outputs before they are stored. */
    ACCUMULATORS("accumulators", false);

    private final String cliName;
    private final boolean atRest;

    Target(String cliName, boolean atRest) {
        this.cliName = cliName;
        this.atRest = atRest;
    }

    /** The command-line spelling, e.g. {@code kv-cache}. */
    public String cliName() {
        return cliName;
    }

    /** Whether the target is memory at rest (weights, scales) rather than transient state. */
    public boolean atRest() {
        return atRest;
    }

    /**
     * The bit restriction actually used for this target: {@code scales} turns {@code all} into {@code scale}
     * (every scale byte), everything else is taken as given.
     */
    public BitRestriction effectiveRestriction(BitRestriction requested) {
        return this == SCALES && requested == BitRestriction.ALL ? BitRestriction.SCALE : requested;
    }

    /**
     * Parses a command-line name, case-insensitive.
     *
     * @throws FaultSpecException listing the accepted names
     */
    public static Target parse(String s) {
        if (s != null) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            for (Target target : values()) {
                if (target.cliName.equals(t)) {
                    return target;
                }
            }
        }
        throw new FaultSpecException(String.valueOf(s),
                "unknown target; use one of weights, scales, activations, kv-cache, accumulators");
    }
}
