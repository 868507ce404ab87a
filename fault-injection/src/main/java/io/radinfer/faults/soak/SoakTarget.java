package io.radinfer.faults.soak;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Where a soak injects its faults. */
public enum SoakTarget {
    /** A bit of a weight at rest: a weight matrix byte (values and block scales) or a norm/bias float. */
    WEIGHTS,
    /** A bit of a filled KV cache entry (key or value), at rest between forward passes. */
    KV_CACHE,
    /** A bit of an op's output after it was checked and accepted, before the next op reads it. */
    ACTIVATIONS,
    /** A bit of a kernel's output (or, on the integer path, of a block accumulator) right after it ran. */
    KERNEL_OUTPUTS;

    /** The lower-case name used on the command line and in reports ({@code kv_cache}, ...). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a comma-separated list of target names, or {@code all}. */
    public static Set<SoakTarget> parseList(String s) {
        if (s.trim().equalsIgnoreCase("all")) {
            return EnumSet.allOf(SoakTarget.class);
        }
        Set<SoakTarget> out = EnumSet.noneOf(SoakTarget.class);
        for (String part : s.split(",")) {
            String p = part.trim().replace('-', '_');
            SoakTarget found = null;
            for (SoakTarget t : values()) {
                if (t.name().equalsIgnoreCase(p)) {
                    found = t;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown soak target '" + part.trim()
                        + "'; choose from weights, kv_cache, activations, kernel_outputs (or all)");
            }
            out.add(found);
        }
        return out;
    }
}
