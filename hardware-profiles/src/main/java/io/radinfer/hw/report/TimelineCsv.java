package io.radinfer.hw.report;

import io.radinfer.hw.sim.SimulationResult;
import io.radinfer.hw.sim.TimelineSample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes {@code timeline.csv}: one row per simulation step, a header naming each column with its unit.
 * Every field is a number or a bare word, so no quoting is needed.
 */
public final class TimelineCsv {
    /** The header line, in column order. */
    public static final String HEADER = "time_s,power_w,power_cap_w,temperature_c,temperature_limit_c,sink_c,"
            + "dvfs_state,clock_mhz,threads,protection,offload,duty_cycle,tokens_per_s,battery_soc,sunlit,in_saa,throttled";

    private TimelineCsv() {
    }

    public static void write(SimulationResult r, Path file) throws IOException {
        double cap = r.config().budget().powerCapW();
        double limit = r.config().budget().temperatureLimitC();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.newLine();
            for (TimelineSample s : r.timeline()) {
                w.write(String.format(Locale.ROOT, "%.3f,%.4f,%.4f,%.3f,%.2f,%.3f,%d,%.0f,%d,%s,%d,%.4f,%.4f,%.5f,%d,%d,%d",
                        s.timeS(), s.powerW(), cap, s.temperatureC(), limit, s.sinkTemperatureC(), s.dvfsState(),
                        s.clockMhz(), s.threads(), s.protection().cliName(), s.offload() ? 1 : 0, s.dutyCycle(),
                        s.tokensPerSecond(), s.batteryStateOfCharge(), s.sunlit() ? 1 : 0, s.inSaa() ? 1 : 0,
                        s.throttled() ? 1 : 0));
                w.newLine();
            }
        }
    }
}
