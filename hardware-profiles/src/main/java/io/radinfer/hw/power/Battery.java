package io.radinfer.hw.power;

/**
 * The battery and solar array over time: each step, the array feeds the load first; a surplus charges the
 * battery (with the charge efficiency, up to full; the rest is shunted) and a deficit is drawn from it
 * (with the discharge efficiency). When the battery runs empty the load gets only what is left (a
 * brown-out).
 */
public final class Battery {
    private final PowerSystem system;
    private double storedJ;

    public Battery(PowerSystem system) {
        this.system = system;
        this.storedJ = system.initialStateOfCharge() * system.capacityJ();
    }

    public PowerSystem system() {
        return system;
    }

    /** State of charge in [0, 1]. */
    public double stateOfCharge() {
        return storedJ / system.capacityJ();
    }

    public double storedJ() {
        return storedJ;
    }

    /** Advances {@code dt} seconds with the payload asking for {@code loadW}, sunlit or not. */
    public EnergyFlow step(double loadW, boolean sunlit, double dt) {
        if (!(loadW >= 0) || !(dt > 0)) {
            throw new IllegalArgumentException("battery step needs load >= 0 and dt > 0, got " + loadW + ", " + dt);
        }
        double solarJ = sunlit ? system.solarArrayW() * dt : 0;
        double loadJ = loadW * dt;
        if (solarJ >= loadJ) {
            double surplus = solarJ - loadJ;
            double room = (system.capacityJ() - storedJ) / system.chargeEfficiency();
            double toBattery = Math.min(surplus, Math.max(room, 0));
            double stored = toBattery * system.chargeEfficiency();
            storedJ = Math.min(system.capacityJ(), storedJ + stored);
            return new EnergyFlow(loadW, loadJ, 0, toBattery, stored, surplus - toBattery, false);
        }
        double deficit = loadJ - solarJ;
        double needed = deficit / system.dischargeEfficiency();
        if (needed <= storedJ) {
            storedJ -= needed;
            return new EnergyFlow(loadW, solarJ, deficit, 0, -needed, 0, false);
        }
        double delivered = storedJ * system.dischargeEfficiency();
        double drawn = storedJ;
        storedJ = 0;
        return new EnergyFlow((solarJ + delivered) / dt, solarJ, delivered, 0, -drawn, 0, true);
    }
}
