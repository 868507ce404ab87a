package io.radinfer.hw.profile;

import java.util.Objects;

/**
 * One number of a profile with where it comes from. In a file:
 * <pre>{@code
 * clock_mhz: {value: 250, grade: S, source: "[gr740-ds] Specification: system frequency 250 MHz"}
 * }</pre>
 * The unit is part of the field name ({@code clock_mhz}, {@code power_static_w}).
 *
 * @param value the number, in the unit its field name states
 * @param grade how far it can be trusted
 * @param source where it comes from (a reference key in brackets and the place in that source)
 * @param derivation for {@link Grade#ESTIMATE}: how it was derived; otherwise may be empty
 */
public record Figure(double value, Grade grade, String source, String derivation) {

    public Figure {
        Objects.requireNonNull(grade, "grade");
        Objects.requireNonNull(source, "source");
        derivation = derivation == null ? "" : derivation;
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a figure must be a finite number, got " + value);
        }
    }

    /** A measured figure (host calibration). */
    public static Figure measured(double value, String source) {
        return new Figure(value, Grade.MEASURED, source, "");
    }

    /** The value as an int (counts such as cores), rounding to the nearest. */
    public int intValue() {
        return (int) Math.round(value);
    }
}
