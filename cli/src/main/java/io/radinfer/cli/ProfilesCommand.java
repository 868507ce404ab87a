package io.radinfer.cli;

import io.radinfer.hw.profile.AcceleratorSpec;
import io.radinfer.hw.profile.DvfsState;
import io.radinfer.hw.profile.Figure;
import io.radinfer.hw.profile.HardwareProfile;
import io.radinfer.hw.profile.ProfileException;
import io.radinfer.hw.profile.ProfileLoader;
import io.radinfer.hw.profile.RadiationSpec;
import io.radinfer.hw.profile.ThermalSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code radinfer profiles}: the built-in hardware profiles with their key figures; {@code profiles show NAME}. */
@Command(name = "profiles",
        description = "List the hardware profiles (satellite-class processors and this host) with their key figures.",
        subcommands = {ProfilesCommand.Show.class})
final class ProfilesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ProfileException {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-21s %5s %6s %8s %7s %7s %6s %6s %6s %5s  %s%n", "NAME", "CORES", "MHz", "GFLOP/s",
                "GB/s", "MiB", "IDLE W", "FULL W", "TJ C", "TID", "ACCELERATOR");
        for (HardwareProfile p : ProfileLoader.loadAll()) {
            DvfsState top = p.cpu().dvfsStates().getLast();
            out.printf(Locale.ROOT, "%-21s %5d %6.0f %8.1f %7.1f %7.0f %6.2f %6.2f %6.0f %5s  %s%n", p.name(),
                    p.cpu().coreCount(), top.clockMhz().value(), p.cpu().peakF32Gflops().value(),
                    p.memory().bandwidthGbs().value(), p.memory().sizeMib().value(), p.idlePowerW(), p.fullCpuPowerW(),
                    p.thermal().junctionMaxC().value(), p.radiation().tid().map(f -> String.format(Locale.ROOT, "%.0f", f.value())).orElse("-"),
                    p.acceleratorSpec().map(AcceleratorSpec::name).orElse("-"));
        }
        out.println();
        out.println("GFLOP/s: peak f32 of all cores at the top clock; GB/s: peak memory read bandwidth; FULL W: idle plus all cores busy");
        out.println("(before DRAM traffic); TID: total ionising dose rating in krad(Si), where published.");
        out.println("Every figure's source and grade: radinfer profiles show NAME. Your own board: a .yaml file, given by path.");
        return 0;
    }

    /** {@code radinfer profiles show NAME}: every figure of one profile with its grade and source. */
    @Command(name = "show", description = "Show every figure of a profile with its grade and source.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "A built-in profile name, or the path of a profile .yaml file.")
        String name;

        @Override
        public Integer call() throws ProfileException {
            HardwareProfile p = ProfileLoader.load(name);
            PrintWriter out = spec.commandLine().getOut();
            out.println(p.title() + "  [" + p.name() + ", " + p.origin() + "]");
            out.println(p.summary().strip());
            out.println();
            out.println("cpu: " + p.cpu().isa());
            row(out, "cores", p.cpu().cores());
            row(out, "vector_width_bits", p.cpu().vectorWidthBits());
            row(out, "peak_f32_gflops", p.cpu().peakF32Gflops());
            row(out, "peak_int8_gops", p.cpu().peakInt8Gops());
            List<DvfsState> states = p.cpu().dvfsStates();
            for (int i = 0; i < states.size(); i++) {
                row(out, "dvfs[" + i + "].clock_mhz", states.get(i).clockMhz());
                if (states.get(i).voltageV() != null) {
                    row(out, "dvfs[" + i + "].voltage_v", states.get(i).voltageV());
                }
                row(out, "dvfs[" + i + "].power_dynamic_w", states.get(i).powerDynamicW());
            }
            out.println("memory:");
            row(out, "bandwidth_gbs", p.memory().bandwidthGbs());
            row(out, "size_mib", p.memory().sizeMib());
            row(out, "energy_pj_per_byte", p.memory().energyPjPerByte());
            out.println("power:");
            row(out, "static_w", p.power().staticW());
            if (p.accelerator() != null) {
                AcceleratorSpec a = p.accelerator();
                out.println("accelerator: " + a.name());
                row(out, "peak_f32_gflops", a.peakF32Gflops());
                row(out, "peak_int8_gops", a.peakInt8Gops());
                row(out, "bandwidth_gbs", a.bandwidthGbs());
                row(out, "efficiency", a.efficiency());
                row(out, "power_idle_w", a.powerIdleW());
                row(out, "power_active_w", a.powerActiveW());
                row(out, "launch_overhead_us", a.launchOverheadUs());
            }
            ThermalSpec t = p.thermal();
            out.println("thermal:");
            row(out, "resistance_k_per_w", t.resistanceKPerW());
            row(out, "capacitance_j_per_k", t.capacitanceJPerK());
            row(out, "sink_sunlit_c", t.sinkSunlitC());
            row(out, "sink_eclipse_c", t.sinkEclipseC());
            row(out, "sink_time_constant_s", t.sinkTimeConstantS());
            for (int i = 0; i < t.throttleTripsC().size(); i++) {
                row(out, "throttle_trips_c[" + i + "]", t.throttleTripsC().get(i));
            }
            row(out, "throttle_hysteresis_k", t.throttleHysteresisK());
            row(out, "critical_c", t.criticalC());
            row(out, "junction_max_c", t.junctionMaxC());
            RadiationSpec r = p.radiation();
            out.println("radiation:");
            r.tid().ifPresent(f -> row(out, "tid_krad", f));
            r.selThreshold().ifPresent(f -> row(out, "sel_threshold_mev_cm2_per_mg", f));
            out.println("  " + r.notes());
            if (p.isHost()) {
                out.println("calibration (" + p.calibration().source() + "):");
                p.calibration().points().forEach(c -> out.printf(Locale.ROOT,
                        "  %d thread(s): read %.1f GB/s, Q8_0 matvec %.1f GB/s, matmul %.1f GFLOP/s%n", c.threads(),
                        c.readBandwidthGbs(), c.q8MatvecGbs(), c.matmulGflops()));
            }
            if (!p.references().isEmpty()) {
                out.println("references:");
                for (Map.Entry<String, String> e : p.references().entrySet()) {
                    out.println("  [" + e.getKey() + "] " + e.getValue());
                }
            }
            return 0;
        }

        private static void row(PrintWriter out, String field, Figure f) {
            out.printf(Locale.ROOT, "  %-30s %12s  %-8s %s%s%n", field, number(f.value()), f.grade().fileName(), f.source(),
                    f.derivation().isEmpty() ? "" : "; derived: " + f.derivation());
        }

        private static String number(double v) {
            return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
    }
}
