package io.radinfer.cli;

import io.radinfer.hw.governor.Budget;
import io.radinfer.hw.orbit.Orbit;
import io.radinfer.hw.power.PowerSystem;
import io.radinfer.hw.profile.HardwareProfile;
import io.radinfer.hw.profile.HostCalibration;
import io.radinfer.hw.profile.ProfileLoader;
import io.radinfer.hw.report.SimulationOutputs;
import io.radinfer.hw.sim.KernelEfficiency;
import io.radinfer.hw.sim.ModelShape;
import io.radinfer.hw.sim.ModelShapeReader;
import io.radinfer.hw.sim.RequestShape;
import io.radinfer.hw.sim.Simulation;
import io.radinfer.hw.sim.SimulationConfig;
import io.radinfer.hw.sim.SimulationResult;
import io.radinfer.hw.sim.SimulationSummary;
import io.radinfer.runtime.protect.ProtectionPreset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code radinfer simulate}: runs a model on a hardware profile through an orbit under a power and
 * temperature budget, and writes {@code timeline.csv}, {@code summary.json} and {@code timeline.png}.
 */
@Command(name = "simulate",
        description = {"Simulate a model on a satellite-class processor through an orbit, under a power cap and a "
                + "temperature limit, with the budget governor on (or off, to see the violations).",
            "Writes timeline.csv, summary.json and timeline.png into --out."})
final class SimulateCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|m|min|h|d|orbits?)?");

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME|FILE", description = "Hardware profile (default: ${DEFAULT-VALUE}).")
    String profile = ProfileLoader.DEFAULT;

    @Option(names = "--model", paramLabel = "NAME|FILE", description = "A built-in model shape (llama-1b-q8_0, "
            + "llama-1b-q4_0, stories15m-q8_0, stories260k) or a GGUF / llama2.c file (default: ${DEFAULT-VALUE}).")
    String model = ModelShape.DEFAULT;

    @Option(names = "--budget-w", paramLabel = "W", description = "Power cap of the board in watts (default: its full CPU power).")
    Double budgetW;

    @Option(names = "--t-max", paramLabel = "C", description = "Junction temperature limit in Celsius (default: 10 K under the first throttle trip).")
    Double tMax;

    @Option(names = "--orbit", description = "Orbit: leo-400, leo-550, sso-600, geo (default: ${DEFAULT-VALUE}).")
    String orbit = Orbit.DEFAULT;

    @Option(names = "--duration", description = "Simulated time: 5400s, 90m, 3h, 2d or 3orbits (default: ${DEFAULT-VALUE}).")
    String duration = "3h";

    @Option(names = "--step", paramLabel = "SECONDS", description = "Time step and control period (default: ${DEFAULT-VALUE}).")
    double step = 1;

    @Option(names = "--protect", paramLabel = "MODE", description = "Protection outside the SAA: none, checksum, selective, dmr, tmr (default: ${DEFAULT-VALUE}).")
    String protect = "checksum";

    @Option(names = "--protect-saa", paramLabel = "MODE", description = "Protection the governor raises to in the SAA (default: ${DEFAULT-VALUE}).")
    String protectSaa = "tmr";

    @Option(names = "--governor", paramLabel = "on|off", description = "The budget governor (default: ${DEFAULT-VALUE}).")
    String governor = "on";

    @Option(names = "--solar-w", paramLabel = "W", description = "Array power to the board in sunlight (default: sized so its orbit average equals the budget).")
    Double solarW;

    @Option(names = "--battery-wh", paramLabel = "WH", description = "Battery capacity (default: carries the budget through one eclipse to the depth-of-discharge limit).")
    Double batteryWh;

    @Option(names = "--dod", paramLabel = "FRACTION", description = "Maximum depth of discharge (default: 0.3).")
    Double dod;

    @Option(names = "--prompt-tokens", description = "Prompt tokens per request (default: ${DEFAULT-VALUE}).")
    int promptTokens = RequestShape.defaults().promptTokens();

    @Option(names = "--generate-tokens", description = "Generated tokens per request (default: ${DEFAULT-VALUE}).")
    int generateTokens = RequestShape.defaults().generateTokens();

    @Option(names = "--calibration", paramLabel = "FILE", description = "Host calibration JSON (default: ${DEFAULT-VALUE} if it exists, else the host profile's documented defaults).")
    Path calibration = Path.of(".radinfer-cache", "host-calibration.json");

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for timeline.csv, summary.json and timeline.png.")
    Path out;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        PrintWriter w = spec.commandLine().getOut();
        HardwareProfile p = ProfileLoader.load(profile);
        HostCalibration cal = ProfileLoader.hostCalibration(calibration);
        HardwareProfile host = ProfileLoader.builtIn("host").withCalibration(cal);
        if (p.isHost()) {
            p = p.withCalibration(cal);
        }
        Orbit o = orbit(orbit);
        ModelShape m = Files.isRegularFile(Path.of(model)) ? ModelShapeReader.read(Path.of(model)) : shape(model);
        Budget budget = new Budget(budgetW != null ? budgetW : p.fullCpuPowerW(),
                tMax != null ? tMax : p.thermal().throttleTripsC().getFirst().value() - 10);
        PowerSystem sized = PowerSystem.sizedFor(budget.powerCapW(), o);
        PowerSystem ps = new PowerSystem(solarW != null ? solarW : sized.solarArrayW(),
                batteryWh != null ? batteryWh : sized.batteryCapacityWh(), dod != null ? dod : sized.maxDepthOfDischarge(),
                sized.chargeEfficiency(), sized.dischargeEfficiency(), 1.0);
        SimulationConfig cfg = SimulationConfig.builder(p, KernelEfficiency.from(host, cal))
                .model(m)
                .request(new RequestShape(promptTokens, generateTokens, RequestShape.defaults().prefillBatch()))
                .orbit(o)
                .powerSystem(ps)
                .budget(budget)
                .governor(onOff(governor))
                .protection(preset("--protect", protect))
                .saaProtection(preset("--protect-saa", protectSaa))
                .durationS(seconds(duration, o))
                .stepS(step)
                .build();
        SimulationResult r = Simulation.run(cfg);
        SimulationOutputs.write(r, out);
        SimulationSummary s = r.summary();
        w.printf(Locale.ROOT, "%s, %s, %s, %.1f h, governor %s, budget %.2f W / %.1f C, protect %s (%s in SAA)%n",
                p.name(), m.name(), o.name(), cfg.durationS() / 3600, governor, budget.powerCapW(),
                budget.temperatureLimitC(), cfg.protection().cliName(), cfg.saaProtection().cliName());
        w.printf(Locale.ROOT, "  tokens %d, %.3f tok/s average (%.3f flat out), %s J/token%n", s.tokens(),
                s.tokensPerSecondAvg(), s.unconstrainedTokensPerSecond(),
                Double.isFinite(s.energyPerTokenJ()) ? String.format(Locale.ROOT, "%.4f", s.energyPerTokenJ()) : "-");
        w.printf(Locale.ROOT, "  power %.2f W average, %.2f W peak; peak temperature %.1f C; throttled %.0f s; battery min %.1f%%%n",
                s.avgPowerW(), s.peakPowerW(), s.peakTemperatureC(), s.timeThrottledS(), 100 * s.batteryMinSoc());
        w.printf(Locale.ROOT, "  budget violations: %d (power cap %.0f s, temperature %.0f s, battery floor %.0f s)%n",
                s.budgetViolations(), s.violations().powerCapS(), s.violations().temperatureS(), s.violations().batteryS());
        w.printf(Locale.ROOT, "  wrote %s, %s, %s in %s (%.1f s)%n", SimulationOutputs.TIMELINE_CSV,
                SimulationOutputs.SUMMARY_JSON, SimulationOutputs.TIMELINE_PNG, out, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private Orbit orbit(String name) {
        try {
            return Orbit.builtIn(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--orbit: " + e.getMessage());
        }
    }

    private ModelShape shape(String name) {
        try {
            return ModelShape.builtIn(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--model: " + e.getMessage() + ", or give a model file");
        }
    }

    private ProtectionPreset preset(String option, String value) {
        try {
            return ProtectionPreset.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private boolean onOff(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new ParameterException(spec.commandLine(), "--governor: on or off, got '" + value + "'");
        };
    }

    /** Seconds in {@code text}: a number with s, m/min, h, d or orbits (a bare number is seconds). */
    private double seconds(String text, Orbit o) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
            throw new ParameterException(spec.commandLine(), "--duration: '" + text + "' is not a duration like 5400s, 90m, 3h, 2d or 3orbits");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "s" -> v;
            case "m", "min" -> v * 60;
            case "h" -> v * 3600;
            case "d" -> v * 86400;
            default -> v * o.periodS();
        };
    }
}
