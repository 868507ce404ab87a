package io.radinfer.hw.thermal;

/**
 * The temperature of the baseplate or radiator a board is mounted to: it relaxes toward a sunlit value in
 * sunlight and an eclipse value in eclipse, with its own time constant (first order, exact step). The
 * spacecraft's thermal design sets the two values; the orbit decides which one applies.
 */
public final class SinkTemperature {
    private final double sunlitC;
    private final double eclipseC;
    private final double timeConstantS;
    private double temperatureC;

    /** Starts at the sunlit value. */
    public SinkTemperature(double sunlitC, double eclipseC, double timeConstantS) {
        if (!(timeConstantS > 0) || !Double.isFinite(sunlitC) || !Double.isFinite(eclipseC)) {
            throw new IllegalArgumentException("sink needs finite temperatures and a time constant > 0, got "
                    + sunlitC + ", " + eclipseC + ", " + timeConstantS);
        }
        this.sunlitC = sunlitC;
        this.eclipseC = eclipseC;
        this.timeConstantS = timeConstantS;
        this.temperatureC = sunlitC;
    }

    public double temperatureC() {
        return temperatureC;
    }

    /** Advances {@code dt} seconds toward the sunlit or eclipse value; returns the new temperature. */
    public double step(boolean sunlit, double dt) {
        double target = sunlit ? sunlitC : eclipseC;
        temperatureC = target + (temperatureC - target) * Math.exp(-dt / timeConstantS);
        return temperatureC;
    }
}
