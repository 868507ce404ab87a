package io.radinfer.hw.sim;

import java.util.List;

/**
 * A simulated run: its configuration, the timeline step by step, and the summary figures.
 *
 * @param config what was simulated
 * @param timeline one sample per step
 * @param summary the figures
 */
public record SimulationResult(SimulationConfig config, List<TimelineSample> timeline, SimulationSummary summary) {

    public SimulationResult {
        timeline = List.copyOf(timeline);
    }
}
