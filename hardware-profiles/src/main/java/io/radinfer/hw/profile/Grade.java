package io.radinfer.hw.profile;

import java.util.Locale;

/**
 * How much a number in a profile file can be trusted, written next to it as {@code grade}.
 */
public enum Grade {
    /** Seen in a named public source (a data sheet, a vendor page, a paper). */
    S,
    /** A commonly quoted vendor figure that was not re-checked against the data sheet. */
    R,
    /** Derived by radinfer from other figures; the file says how ({@code derivation}). */
    ESTIMATE,
    /** Measured on the machine by radinfer (the host profile and its calibration). */
    MEASURED;

    /** The spelling used in files: {@code S}, {@code R}, {@code estimate}, {@code measured}. */
    public String fileName() {
        return this == S || this == R ? name() : name().toLowerCase(Locale.ROOT);
    }

    /** Parses a file spelling (case-insensitive); {@code null} if it is none of them. */
    public static Grade parse(String s) {
        for (Grade g : values()) {
            if (g.name().equalsIgnoreCase(s.trim())) {
                return g;
            }
        }
        return null;
    }
}
