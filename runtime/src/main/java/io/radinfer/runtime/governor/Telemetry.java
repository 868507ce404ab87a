package io.radinfer.runtime.governor;

/**
 * What a {@link Governor} knows about the run and the spacecraft when it decides: one snapshot, taken by the
 * running session between tokens (on a board, from its sensors and the spacecraft bus; in the simulator,
 * from the plant model).
 *
 * @param timeSeconds seconds since the run started
 * @param powerW electrical power drawn by the processor board over the last control period, in watts
 * @param temperatureC junction (die) temperature in degrees Celsius
 * @param sinkTemperatureC temperature of the baseplate or radiator the board is mounted to, in degrees
 *     Celsius; {@link Double#NaN} if the board has no such sensor
 * @param batteryStateOfCharge battery state of charge as a fraction in [0, 1]; {@link Double#NaN} if the
 *     board does not know it
 * @param tokensPerSecond tokens produced per second over the last control period
 * @param sunlit whether the spacecraft is in sunlight (its solar arrays produce power)
 * @param inSaa whether the spacecraft is inside the South Atlantic Anomaly (or another high-flux region)
 * @param radiationLevel particle flux relative to the orbit's quiet background (1 = background); a dosimeter
 *     or an environment model supplies it
 */
public record Telemetry(double timeSeconds, double powerW, double temperatureC, double sinkTemperatureC,
        double batteryStateOfCharge, double tokensPerSecond, boolean sunlit, boolean inSaa, double radiationLevel) {

    public Telemetry {
        requireFinite("time", timeSeconds);
        requireFinite("power", powerW);
        requireFinite("temperature", temperatureC);
        requireFinite("tokens per second", tokensPerSecond);
        requireFinite("radiation level", radiationLevel);
        if (timeSeconds < 0 || powerW < 0 || tokensPerSecond < 0 || radiationLevel < 0) {
            throw new IllegalArgumentException("telemetry time, power, tokens/s and radiation level must be >= 0, got "
                    + timeSeconds + " s, " + powerW + " W, " + tokensPerSecond + " tok/s, level " + radiationLevel);
        }
        if (!Double.isNaN(batteryStateOfCharge) && !(batteryStateOfCharge >= 0 && batteryStateOfCharge <= 1)) {
            throw new IllegalArgumentException("battery state of charge must be in [0, 1] or NaN (unknown), got "
                    + batteryStateOfCharge);
        }
        if (Double.isInfinite(sinkTemperatureC)) {
            throw new IllegalArgumentException("sink temperature must be finite or NaN (unknown), got " + sinkTemperatureC);
        }
    }

    /** Whether the battery state of charge is known. */
    public boolean hasBattery() {
        return !Double.isNaN(batteryStateOfCharge);
    }

    private static void requireFinite(String what, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("telemetry " + what + " must be finite, got " + v);
        }
    }
}
