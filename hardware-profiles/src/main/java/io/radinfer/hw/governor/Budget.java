package io.radinfer.hw.governor;

/**
 * The limits a run must stay within.
 *
 * @param powerCapW the most electrical power the processor board may draw, in watts
 * @param temperatureLimitC the highest junction temperature allowed, in degrees Celsius
 */
public record Budget(double powerCapW, double temperatureLimitC) {

    public Budget {
        if (!(powerCapW > 0) || !Double.isFinite(powerCapW) || !Double.isFinite(temperatureLimitC)) {
            throw new IllegalArgumentException("a budget needs a power cap > 0 W and a finite temperature limit, got "
                    + powerCapW + " W, " + temperatureLimitC + " C");
        }
    }
}
