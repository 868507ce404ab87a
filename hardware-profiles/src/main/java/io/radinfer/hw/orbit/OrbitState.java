package io.radinfer.hw.orbit;

/**
 * Where a spacecraft is in its orbit's cycle at one moment.
 *
 * @param orbitNumber completed orbits since the start (0 during the first)
 * @param phaseS seconds since the current orbit began (an orbit begins when the spacecraft leaves eclipse)
 * @param sunlit whether it is in sunlight
 * @param inSaa whether it is inside the South Atlantic Anomaly window
 * @param secondsToEclipse seconds until the next eclipse starts (0 while in eclipse; infinite if none)
 * @param secondsToSunlight seconds until the current eclipse ends (0 while sunlit)
 * @param radiationLevel particle flux relative to the orbit's quiet background
 */
public record OrbitState(long orbitNumber, double phaseS, boolean sunlit, boolean inSaa, double secondsToEclipse,
        double secondsToSunlight, double radiationLevel) {
}
