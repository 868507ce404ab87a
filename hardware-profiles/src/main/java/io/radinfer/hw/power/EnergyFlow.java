package io.radinfer.hw.power;

/**
 * Where the energy of one time step went.
 *
 * @param deliveredW the power the payload actually got (less than asked only in a brown-out)
 * @param solarToLoadJ array energy that fed the payload directly
 * @param batteryToLoadJ energy the battery delivered to the payload (after discharge losses)
 * @param busToBatteryJ array energy sent to the battery (before charge losses)
 * @param storedChangeJ change of the energy stored in the battery
 * @param shuntedJ array energy nobody could use (battery full)
 * @param brownout whether the battery ran empty and the payload got less than it asked
 */
public record EnergyFlow(double deliveredW, double solarToLoadJ, double batteryToLoadJ, double busToBatteryJ,
        double storedChangeJ, double shuntedJ, boolean brownout) {
}
