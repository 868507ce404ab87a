package io.radinfer.bench;

import io.radinfer.hw.governor.Budget;
import io.radinfer.hw.orbit.Orbit;
import io.radinfer.hw.profile.HardwareProfile;
import io.radinfer.hw.profile.HostCalibration;
import io.radinfer.hw.profile.ProfileException;
import io.radinfer.hw.profile.ProfileLoader;
import io.radinfer.hw.sim.KernelEfficiency;
import io.radinfer.hw.sim.ModelShape;
import io.radinfer.hw.sim.Simulation;
import io.radinfer.hw.sim.SimulationConfig;
import io.radinfer.hw.sim.SimulationException;
import io.radinfer.hw.sim.SimulationSummary;
import io.radinfer.runtime.protect.ProtectionPreset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Budgeted decode on each hardware profile, simulated: the {@link SyntheticLlama}'s shape (the model {@link
 * DecodeBench} measures on the host) under a power budget — {@code full} (the board's full CPU power, the
 * simulator's default) or {@code half}: idle power plus half the step from idle to full — and a temperature limit 10 K under the board's first throttle trip,
 * on {@code leo-550} for one orbit, governor on, no protection (so the host row compares with DecodeBench).
 *
 * <p>The simulator scales radinfer's measured host rates (the calibration file written by {@code Report
 * --write-calibration} from a kernel run: {@code $RADINFER_CALIBRATION}, else {@code
 * .radinfer-cache/host-calibration.json}, else the host profile's defaults, which the output then names). JMH's
 * score is simulated orbits per second of host time; the figures that matter — simulated tokens/s, flat-out
 * tokens/s, J/token, average power, peak temperature, violations — go to {@code
 * $RADINFER_BENCH_OUT/budgeted/PROFILE-BUDGET.json} for the report.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 1, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class BudgetedDecodeBench {
    /** Seconds per simulated step. */
    static final double STEP_S = 5;

    @Param({"gr740", "rad5545", "pic64-hpsc", "zynq-ultrascale-plus", "jetson-orin-nano", "versal-ai-core",
            "myriad-x", "snapdragon-801", "host"})
    public String profile;

    @Param({"full", "half"})
    public String budget;

    private SimulationConfig config;
    private final Map<String, Object> out = new LinkedHashMap<>();
    private SimulationSummary last;

    /** The calibration file the simulator reads, as {@code radinfer simulate} does by default. */
    static Path calibrationFile() {
        String env = System.getenv("RADINFER_CALIBRATION");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(".radinfer-cache", "host-calibration.json");
    }

    @Setup(Level.Trial)
    public void setup() throws ProfileException {
        HostCalibration cal = ProfileLoader.hostCalibration(calibrationFile());
        HardwareProfile host = ProfileLoader.builtIn("host").withCalibration(cal);
        HardwareProfile p = ProfileLoader.load(profile);
        if (p.isHost()) {
            p = p.withCalibration(cal);
        }
        double full = p.fullCpuPowerW();
        double idle = p.idlePowerW();
        double cap = switch (budget) {
            case "full" -> full;
            case "half" -> idle + (full - idle) / 2;
            default -> throw new IllegalArgumentException("budget must be full or half, got '" + budget + "'");
        };
        Orbit orbit = Orbit.builtIn("leo-550");
        ModelShape shape = ModelShape.of("bench-llama-2048x16-q8_0", SyntheticLlama.CONFIG, SyntheticLlama.TYPE, false);
        config = SimulationConfig.builder(p, KernelEfficiency.from(host, cal))
                .model(shape)
                .orbit(orbit)
                .budget(new Budget(cap, p.thermal().throttleTripsC().getFirst().value() - 10))
                .protection(ProtectionPreset.NONE)
                .saaProtection(ProtectionPreset.NONE)
                .durationS(orbit.periodS())
                .stepS(STEP_S)
                .build();
        out.put("profile", profile);
        out.put("budget", budget);
        out.put("budget_w", cap);
        out.put("t_max_c", config.budget().temperatureLimitC());
        out.put("model", shape.name());
        out.put("orbit", orbit.name());
        out.put("duration_s", config.durationS());
        out.put("calibration", cal.source() + (cal.measuredAt().isEmpty() ? "" : " measured " + cal.measuredAt()));
    }

    @Benchmark
    public long simulate() {
        try {
            last = Simulation.run(config).summary();
            return last.tokens();
        } catch (SimulationException e) {
            out.put("error", e.getMessage());
            return -1;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (last != null) {
            out.put("tokens_per_s", last.tokensPerSecondAvg());
            out.put("flat_out_tokens_per_s", last.unconstrainedTokensPerSecond());
            out.put("energy_per_token_j", last.energyPerTokenJ());
            out.put("avg_power_w", last.avgPowerW());
            out.put("peak_temperature_c", last.peakTemperatureC());
            out.put("budget_violations", last.budgetViolations());
        }
        BenchOutput.write("budgeted", String.format(Locale.ROOT, "%s-%s.json", profile, budget), out);
    }
}
