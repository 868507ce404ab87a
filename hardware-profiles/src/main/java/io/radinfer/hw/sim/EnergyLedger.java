package io.radinfer.hw.sim;

/**
 * Where a run's energy came from and went. By construction, up to rounding:
 * {@code static + compute + dram = solarToLoad + batteryToLoad} (the board's energy), and
 * {@code finalStored - initialStored = busToBattery * eta_charge - batteryToLoad / eta_discharge}.
 *
 * @param staticJ static (idle) energy of the board
 * @param computeJ dynamic energy of cores and accelerator
 * @param dramJ energy of memory traffic
 * @param solarToLoadJ array energy fed straight to the board
 * @param batteryToLoadJ battery energy delivered to the board
 * @param busToBatteryJ array energy sent to the battery
 * @param shuntedJ array energy that could not be used
 * @param initialStoredJ battery energy at the start
 * @param finalStoredJ battery energy at the end
 */
public record EnergyLedger(double staticJ, double computeJ, double dramJ, double solarToLoadJ, double batteryToLoadJ,
        double busToBatteryJ, double shuntedJ, double initialStoredJ, double finalStoredJ) {

    /** The board's energy by use. */
    public double consumedJ() {
        return staticJ + computeJ + dramJ;
    }

    /** The board's energy by source. */
    public double suppliedJ() {
        return solarToLoadJ + batteryToLoadJ;
    }
}
