package io.radinfer.hw.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.radinfer.hw.sim.EnergyLedger;
import io.radinfer.hw.sim.SimulationConfig;
import io.radinfer.hw.sim.SimulationResult;
import io.radinfer.hw.sim.SimulationSummary;
import io.radinfer.hw.sim.Violations;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code summary.json}: the run's inputs and its figures, snake_case, units in the names. The
 * headline fields are {@code tokens}, {@code tokens_per_s_avg}, {@code energy_per_token_j},
 * {@code peak_temperature_c}, {@code time_throttled_s} and {@code budget_violations}.
 */
public final class SummaryJson {
    private SummaryJson() {
    }

    /** The summary as a JSON tree. */
    public static ObjectNode toJson(SimulationResult r) {
        ObjectMapper om = new ObjectMapper();
        SimulationConfig c = r.config();
        SimulationSummary s = r.summary();
        ObjectNode root = om.createObjectNode();
        root.put("tokens", s.tokens());
        root.put("tokens_per_s_avg", s.tokensPerSecondAvg());
        putNumber(root, "energy_per_token_j", s.energyPerTokenJ());
        root.put("peak_temperature_c", s.peakTemperatureC());
        root.put("time_throttled_s", s.timeThrottledS());
        root.put("budget_violations", s.budgetViolations());
        root.put("energy_j", s.energyJ());
        root.put("avg_power_w", s.avgPowerW());
        root.put("peak_power_w", s.peakPowerW());
        root.put("battery_min_soc", s.batteryMinSoc());
        root.put("battery_final_soc", s.batteryFinalSoc());
        root.put("time_halted_s", s.timeHaltedS());
        root.put("duty_limited_time_s", s.dutyLimitedTimeS());
        root.put("brownout_s", s.brownoutS());
        root.put("unconstrained_tokens_per_s", s.unconstrainedTokensPerSecond());
        root.put("unconstrained_power_w", s.unconstrainedPowerW());

        Violations v = s.violations();
        ObjectNode vn = root.putObject("violations");
        vn.put("power_cap_episodes", v.powerCapEpisodes());
        vn.put("power_cap_s", v.powerCapS());
        vn.put("temperature_episodes", v.temperatureEpisodes());
        vn.put("temperature_s", v.temperatureS());
        vn.put("battery_floor_episodes", v.batteryEpisodes());
        vn.put("battery_floor_s", v.batteryS());

        ObjectNode shares = root.putObject("protection_time_share");
        for (Map.Entry<String, Double> e : s.protectionTimeShare().entrySet()) {
            shares.put(e.getKey(), e.getValue());
        }
        root.put("saa_time_s", s.saaTimeS());
        root.put("saa_time_below_required_protection_s", s.saaTimeBelowRequiredProtectionS());
        root.put("eclipse_time_s", s.eclipseTimeS());
        root.put("offload_time_share", s.offloadTimeShare());

        EnergyLedger e = s.energy();
        ObjectNode en = root.putObject("energy_ledger");
        en.put("static_j", e.staticJ());
        en.put("compute_j", e.computeJ());
        en.put("dram_j", e.dramJ());
        en.put("solar_to_load_j", e.solarToLoadJ());
        en.put("battery_to_load_j", e.batteryToLoadJ());
        en.put("bus_to_battery_j", e.busToBatteryJ());
        en.put("shunted_j", e.shuntedJ());
        en.put("battery_initial_j", e.initialStoredJ());
        en.put("battery_final_j", e.finalStoredJ());

        ObjectNode in = root.putObject("inputs");
        in.put("profile", c.profile().name());
        in.put("profile_file", c.profile().origin());
        in.put("model", c.model().name());
        in.put("orbit", c.orbit().name());
        in.put("orbit_period_s", c.orbit().periodS());
        in.put("orbit_eclipse_s", c.orbit().eclipseS());
        in.put("governor", c.governorEnabled() ? "budget" : "off");
        in.put("budget_w", c.budget().powerCapW());
        in.put("t_max_c", c.budget().temperatureLimitC());
        in.put("protect", c.protection().cliName());
        in.put("protect_in_saa", c.saaProtection().cliName());
        in.put("duration_s", c.durationS());
        in.put("step_s", c.stepS());
        in.put("prompt_tokens", c.request().promptTokens());
        in.put("generate_tokens", c.request().generateTokens());
        in.put("solar_array_w", c.powerSystem().solarArrayW());
        in.put("battery_wh", c.powerSystem().batteryCapacityWh());
        in.put("battery_floor_soc", c.powerSystem().floorStateOfCharge());
        in.put("calibration", c.efficiency().calibration().source());
        return root;
    }

    public static void write(SimulationResult r, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson(r));
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
