package io.radinfer.runtime.protect;

/** How one op of one layer is protected. */
public enum ProtectionMode {
    /** The op runs once, unchecked. */
    NONE,
    /**
     * Algorithm-based fault tolerance: the op's result is checked against checksums of its operands
     * (exactly for integer accumulation, within a derived rounding bound for floats) and recomputed on a
     * mismatch. Only the matrix ops and attention have checksums; elementwise ops under this mode fall back
     * to {@link #DMR}.
     */
    CHECKSUM,
    /** The op runs twice and the results are compared bitwise; a third run breaks a disagreement. */
    DMR,
    /** The op runs three times and a bitwise majority vote picks each output word. */
    TMR;

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
