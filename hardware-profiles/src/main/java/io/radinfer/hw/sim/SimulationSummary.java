package io.radinfer.hw.sim;

import java.util.Map;

/**
 * The figures of a simulated run ({@code summary.json}).
 *
 * @param tokens tokens generated
 * @param tokensPerSecondAvg tokens over the simulated time
 * @param energyJ board energy over the run
 * @param energyPerTokenJ board energy per generated token (static included); NaN if no token was made
 * @param avgPowerW average board power
 * @param peakPowerW highest step-average board power
 * @param peakTemperatureC highest junction temperature
 * @param timeThrottledS seconds with hardware throttling active
 * @param timeHaltedS seconds with the cores stopped at the critical temperature
 * @param violations time over and crossings of each limit
 * @param brownoutS seconds the battery was empty and the board got less power than it asked
 * @param batteryMinSoc lowest battery state of charge
 * @param batteryFinalSoc battery state of charge at the end
 * @param energy the energy ledger
 * @param protectionTimeShare share of the run spent at each protection preset (by its CLI name)
 * @param saaTimeS seconds inside the SAA
 * @param saaTimeBelowRequiredProtectionS seconds inside the SAA at a preset below the SAA preset
 * @param eclipseTimeS seconds in eclipse
 * @param dutyLimitedTimeS seconds the board computed less than all the time (duty cycle below 1)
 * @param offloadTimeShare share of the run with matrix products on the accelerator
 * @param unconstrainedTokensPerSecond tokens/s flat out at the top operating point with the base preset
 * @param unconstrainedPowerW board power flat out at that point
 */
public record SimulationSummary(long tokens, double tokensPerSecondAvg, double energyJ, double energyPerTokenJ,
        double avgPowerW, double peakPowerW, double peakTemperatureC, double timeThrottledS, double timeHaltedS,
        Violations violations, double brownoutS, double batteryMinSoc, double batteryFinalSoc, EnergyLedger energy,
        Map<String, Double> protectionTimeShare, double saaTimeS, double saaTimeBelowRequiredProtectionS,
        double eclipseTimeS, double dutyLimitedTimeS, double offloadTimeShare, double unconstrainedTokensPerSecond,
        double unconstrainedPowerW) {

    public SimulationSummary {
        protectionTimeShare = Map.copyOf(protectionTimeShare);
    }

    /** The number of budget violations (all episodes over the power cap, temperature limit and battery floor). */
    public int budgetViolations() {
        return violations.total();
    }
}
