package io.radinfer.hw.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radinfer.hw.profile.ProfileLoader;
import io.radinfer.hw.sim.SimFixtures;
import io.radinfer.hw.sim.Simulation;
import io.radinfer.hw.sim.SimulationConfig;
import io.radinfer.hw.sim.SimulationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulationOutputsTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultThreeHourRunWritesItsThreeOutputsInUnderAMinute() throws Exception {
        System.setProperty("java.awt.headless", "true");
        long start = System.nanoTime();
        SimulationConfig cfg = SimulationConfig.builder(ProfileLoader.load(ProfileLoader.DEFAULT), SimFixtures.defaultEfficiency())
                .build();
        SimulationResult r = Simulation.run(cfg);
        Path out = dir.resolve("out");
        SimulationOutputs.write(r, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 60, "took " + seconds + " s");

        List<String> lines = Files.readAllLines(out.resolve(SimulationOutputs.TIMELINE_CSV));
        assertEquals(TimelineCsv.HEADER, lines.getFirst());
        assertEquals(3 * 3600 + 1, lines.size());
        assertEquals(TimelineCsv.HEADER.split(",").length, lines.get(1).split(",").length);
        assertTrue(lines.getLast().startsWith("10800.000,"), lines.getLast());

        JsonNode s = new ObjectMapper().readTree(out.resolve(SimulationOutputs.SUMMARY_JSON).toFile());
        for (String field : List.of("tokens", "tokens_per_s_avg", "energy_per_token_j", "peak_temperature_c",
                "time_throttled_s", "budget_violations", "energy_j", "avg_power_w", "peak_power_w", "battery_min_soc")) {
            assertTrue(s.has(field), field);
        }
        assertEquals(r.summary().tokens(), s.get("tokens").asLong());
        assertEquals(0, s.get("budget_violations").asInt());
        assertEquals("zynq-ultrascale-plus", s.at("/inputs/profile").asText());
        assertEquals(r.summary().protectionTimeShare().get("tmr"), s.at("/protection_time_share/tmr").asDouble(), 1e-12);

        BufferedImage png = ImageIO.read(out.resolve(SimulationOutputs.TIMELINE_PNG).toFile());
        assertNotNull(png);
        assertEquals(1400, png.getWidth());
        assertTrue(png.getHeight() > 1000);
    }
}
