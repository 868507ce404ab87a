package io.radinfer.hw.thermal;

/**
 * A lumped RC thermal node: the die, board and spreader as one heat capacity {@code C} (J/K) joined to a
 * sink by a thermal resistance {@code R} (K/W): {@code C dT/dt = P - (T - T_sink) / R}. With power and sink
 * constant over a step the solution is exact:
 * {@code T(t+dt) = T_ss + (T(t) - T_ss) e^{-dt/RC}}, {@code T_ss = T_sink + P R}.
 * <pre>{@code
 * ThermalNode die = new ThermalNode(8.0, 150, 20);   // 8 K/W, 150 J/K, starts at 20 C
 * die.step(2.0, 20, 60);                             // 2 W for 60 s over a 20 C sink
 * double t = die.temperatureC();                     // 20 + 16 (1 - e^{-60/1200}) = 20.78 C
 * }</pre>
 */
public final class ThermalNode {
    private final double resistanceKPerW;
    private final double capacitanceJPerK;
    private double temperatureC;

    public ThermalNode(double resistanceKPerW, double capacitanceJPerK, double initialC) {
        if (!(resistanceKPerW > 0 && capacitanceJPerK > 0) || !Double.isFinite(initialC)) {
            throw new IllegalArgumentException("a thermal node needs R > 0, C > 0 and a finite start temperature, got R "
                    + resistanceKPerW + ", C " + capacitanceJPerK + ", T0 " + initialC);
        }
        this.resistanceKPerW = resistanceKPerW;
        this.capacitanceJPerK = capacitanceJPerK;
        this.temperatureC = initialC;
    }

    public double temperatureC() {
        return temperatureC;
    }

    public double resistanceKPerW() {
        return resistanceKPerW;
    }

    public double capacitanceJPerK() {
        return capacitanceJPerK;
    }

    /** The time constant {@code R C} in seconds. */
    public double timeConstantS() {
        return resistanceKPerW * capacitanceJPerK;
    }

    /** The temperature the node settles at under constant {@code powerW} over a sink at {@code sinkC}. */
    public double steadyStateC(double powerW, double sinkC) {
        return sinkC + powerW * resistanceKPerW;
    }

    /** The temperature after {@code dt} seconds at constant power and sink, without changing the node. */
    public double predictC(double powerW, double sinkC, double dt) {
        double ss = steadyStateC(powerW, sinkC);
        return ss + (temperatureC - ss) * Math.exp(-dt / timeConstantS());
    }

    /**
     * The highest constant power that keeps the temperature at or below {@code limitC} after {@code dt}
     * seconds over a sink at {@code sinkC} (may be negative: then even zero power overshoots).
     */
    public double maxPowerForW(double limitC, double sinkC, double dt) {
        double a = Math.exp(-dt / timeConstantS());
        double steadyAllowed = (limitC - temperatureC * a) / (1 - a);
        return (steadyAllowed - sinkC) / resistanceKPerW;
    }

    /** Advances the node {@code dt} seconds at constant power and sink (the exact step); returns the new T. */
    public double step(double powerW, double sinkC, double dt) {
        if (!(dt > 0) || !(powerW >= 0) || !Double.isFinite(sinkC)) {
            throw new IllegalArgumentException("thermal step needs dt > 0, power >= 0 and a finite sink, got dt " + dt
                    + ", P " + powerW + ", sink " + sinkC);
        }
        temperatureC = predictC(powerW, sinkC, dt);
        return temperatureC;
    }
}
