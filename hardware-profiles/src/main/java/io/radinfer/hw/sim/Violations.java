package io.radinfer.hw.sim;

/**
 * Time spent over each limit, and how many separate times each was crossed (an episode is a run of
 * consecutive steps over the limit).
 *
 * @param powerCapS seconds with the board drawing more than the power cap
 * @param temperatureS seconds with the junction above the temperature limit
 * @param batteryS seconds with the battery below its depth-of-discharge floor
 * @param powerCapEpisodes separate crossings of the power cap
 * @param temperatureEpisodes separate crossings of the temperature limit
 * @param batteryEpisodes separate drops below the battery floor
 */
public record Violations(double powerCapS, double temperatureS, double batteryS, int powerCapEpisodes,
        int temperatureEpisodes, int batteryEpisodes) {

    /** All episodes: the number of budget violations. */
    public int total() {
        return powerCapEpisodes + temperatureEpisodes + batteryEpisodes;
    }
}
