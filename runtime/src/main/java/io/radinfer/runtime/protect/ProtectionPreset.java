package io.radinfer.runtime.protect;

/**
 * The named protection levels a user (or a governor) can choose for a whole run. Each maps to a per-layer,
 * per-op policy: {@code NONE} runs the kernels bare; {@code CHECKSUM} uses algorithm-based fault tolerance
 * fused into the matvec/attention kernels and DMR on the cheap elementwise ops; {@code DMR} and {@code TMR}
 * run every op twice or three times; {@code SELECTIVE} spends redundancy where a fault does the most harm.
 * Listed from cheapest to most expensive (SELECTIVE sits between CHECKSUM and DMR).
 */
public enum ProtectionPreset {
    NONE, CHECKSUM, SELECTIVE, DMR, TMR;

    /** The lower-case name used on command lines and in files. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a command-line name ({@code none}, {@code checksum}, ...), case-insensitive. */
    public static ProtectionPreset parse(String s) {
        for (ProtectionPreset p : values()) {
            if (p.name().equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protection mode '" + s + "'; choose one of none, checksum, selective, dmr, tmr");
    }
}
