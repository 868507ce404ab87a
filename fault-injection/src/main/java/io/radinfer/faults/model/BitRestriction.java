package io.radinfer.faults.model;

import java.util.Locale;

/**
 * Which bits of an element a fault may hit. Uniform over all bits is the physical default; the restrictions
 * ask "what if the upset lands in the exponent?" and make rare but severe cases measurable with few injections.
 * For a quantized block, {@code SIGN}/{@code EXPONENT}/{@code MANTISSA} mean the fields of the block's f16
 * scale {@code d}, and {@code SCALE} all of its scale bytes (see {@link ElementFormat}).
 */
public enum BitRestriction {
    /** Every bit of the element. */
    ALL,
    /** The sign bit. */
    SIGN,
    /** The exponent field of a float (or of a quant block's f16 scale). */
    EXPONENT,
    /** The mantissa field of a float (or of a quant block's f16 scale). */
    MANTISSA,
    /** The scale bytes of a quant block (d, dmin and packed sub-block scales, as the format has them). */
    SCALE;

    /** The lower-case command-line name. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code all}, {@code sign}, {@code exponent}, {@code mantissa} or {@code scale}, case-insensitive.
     *
     * @throws FaultSpecException listing the accepted names
     */
    public static BitRestriction parse(String s) {
        if (s != null) {
            for (BitRestriction r : values()) {
                if (r.name().equalsIgnoreCase(s.trim())) {
                    return r;
                }
            }
        }
        throw new FaultSpecException(String.valueOf(s),
                "unknown bit restriction; use one of all, sign, exponent, mantissa, scale");
    }
}
