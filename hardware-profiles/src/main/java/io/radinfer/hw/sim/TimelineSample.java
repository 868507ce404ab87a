package io.radinfer.hw.sim;

import io.radinfer.runtime.protect.ProtectionPreset;

/**
 * One step of a simulated run (values at the end of the step, or averaged over it).
 *
 * @param timeS seconds since the start, at the end of the step
 * @param powerW board power averaged over the step
 * @param temperatureC junction temperature at the end of the step
 * @param sinkTemperatureC baseplate temperature during the step
 * @param dvfsState DVFS state the cores ran at (after hardware throttling)
 * @param clockMhz the clock of that state
 * @param threads worker threads
 * @param protection protection preset
 * @param offload whether matrix products ran on the accelerator
 * @param dutyCycle share of the step spent computing
 * @param tokensPerSecond tokens produced per second over the step
 * @param batteryStateOfCharge battery state of charge at the end of the step
 * @param sunlit whether the step was in sunlight
 * @param inSaa whether the step was inside the SAA
 * @param throttled whether hardware throttling limited the step
 */
public record TimelineSample(double timeS, double powerW, double temperatureC, double sinkTemperatureC, int dvfsState,
        double clockMhz, int threads, ProtectionPreset protection, boolean offload, double dutyCycle,
        double tokensPerSecond, double batteryStateOfCharge, boolean sunlit, boolean inSaa, boolean throttled) {
}
