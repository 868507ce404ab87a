package io.radinfer.hw.report;

import io.radinfer.hw.sim.SimulationResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the three outputs of a simulated run into a directory: {@code timeline.csv}, {@code summary.json}
 * and {@code timeline.png}.
 * <pre>{@code
 * SimulationResult r = Simulation.run(config);
 * SimulationOutputs.write(r, Path.of("out/gr740-leo"));
 * }</pre>
 */
public final class SimulationOutputs {
    public static final String TIMELINE_CSV = "timeline.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String TIMELINE_PNG = "timeline.png";

    private SimulationOutputs() {
    }

    /** Creates {@code dir} if needed and writes the three files into it. */
    public static void write(SimulationResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        TimelineCsv.write(r, dir.resolve(TIMELINE_CSV));
        SummaryJson.write(r, dir.resolve(SUMMARY_JSON));
        TimelinePlot.write(r, dir.resolve(TIMELINE_PNG));
    }
}
