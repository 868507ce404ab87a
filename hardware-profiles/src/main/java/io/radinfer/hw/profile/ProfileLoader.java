package io.radinfer.hw.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.radinfer.hw.profile.ProfileNode.Range.ANY;
import static io.radinfer.hw.profile.ProfileNode.Range.FRACTION;
import static io.radinfer.hw.profile.ProfileNode.Range.NON_NEGATIVE;
import static io.radinfer.hw.profile.ProfileNode.Range.POSITIVE;

/**
 * Finds hardware profiles by name (the built-ins, on the classpath under {@code profiles/}) or by path (a
 * user's own {@code .yaml} file), reads them and validates them: a missing field, a number that cannot be
 * (negative power, zero cores), a junction limit below the sink temperature, throttle trips out of order or
 * DVFS states that are not monotonic are each a {@link ProfileException} naming the file and the field.
 */
public final class ProfileLoader {
    /** The built-in profiles, in the order listings show them. */
    public static final List<String> BUILT_IN = List.of("gr740", "rad5545", "pic64-hpsc", "zynq-ultrascale-plus",
            "jetson-orin-nano", "versal-ai-core", "myriad-x", "snapdragon-801", "host");

    /** The profile used when none is named: a processor common on smallsats. */
    public static final String DEFAULT = "zynq-ultrascale-plus";

    private static final Set<String> TOP_KEYS = Set.of("name", "title", "summary", "references", "cpu", "memory",
            "power", "accelerator", "thermal", "radiation", "calibration_defaults");
    private static final Set<String> CPU_KEYS = Set.of("isa", "cores", "vector_width_bits", "peak_f32_gflops",
            "peak_int8_gops", "dvfs_states");
    private static final Set<String> DVFS_KEYS = Set.of("clock_mhz", "voltage_v", "power_dynamic_w");
    private static final Set<String> MEMORY_KEYS = Set.of("bandwidth_gbs", "size_mib", "energy_pj_per_byte");
    private static final Set<String> POWER_KEYS = Set.of("static_w");
    private static final Set<String> ACCEL_KEYS = Set.of("name", "peak_f32_gflops", "peak_int8_gops", "bandwidth_gbs",
            "efficiency", "power_idle_w", "power_active_w", "launch_overhead_us");
    private static final Set<String> THERMAL_KEYS = Set.of("resistance_k_per_w", "capacitance_j_per_k", "sink_sunlit_c",
            "sink_eclipse_c", "sink_time_constant_s", "throttle_trips_c", "throttle_hysteresis_k", "critical_c",
            "junction_max_c");
    private static final Set<String> RADIATION_KEYS = Set.of("tid_krad", "sel_threshold_mev_cm2_per_mg", "notes");
    private static final Set<String> CALIBRATION_KEYS = Set.of("machine", "points");
    private static final Set<String> CALIBRATION_POINT_KEYS = Set.of("threads", "read_bandwidth_gbs", "q8_0_matvec_gbs",
            "matmul_gflops");

    private ProfileLoader() {
    }

    /**
     * A built-in profile by name, or a profile file by path.
     *
     * @throws ProfileException if there is no such profile, the file cannot be read, or it does not validate
     */
    public static HardwareProfile load(String nameOrPath) throws ProfileException {
        if (BUILT_IN.contains(nameOrPath)) {
            return builtIn(nameOrPath);
        }
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) {
            return fromFile(p);
        }
        throw new ProfileException(nameOrPath, null, "no built-in profile has this name and no such file exists; "
                + "built-ins: " + String.join(", ", BUILT_IN) + " (or give the path of a .yaml profile file)");
    }

    /** A built-in profile. */
    public static HardwareProfile builtIn(String name) throws ProfileException {
        String resource = "profiles/" + name + ".yaml";
        String where = "classpath:" + resource;
        if (!BUILT_IN.contains(name)) {
            throw new ProfileException(where, null, "not a built-in profile; built-ins: " + String.join(", ", BUILT_IN));
        }
        try (InputStream in = ProfileLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ProfileException(where, null, "missing from the radinfer jar; the build is broken");
            }
            return parse(where, name, in.readAllBytes());
        } catch (ProfileException e) {
            throw e;
        } catch (IOException e) {
            throw new ProfileException(where, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /** A user's profile file. Its {@code name} field must match the file name without {@code .yaml}. */
    public static HardwareProfile fromFile(Path file) throws ProfileException {
        String where = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProfileException(where, null, "cannot read: " + e, e);
        }
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(where, base, bytes);
    }

    /** Every built-in profile, in {@link #BUILT_IN} order. */
    public static List<HardwareProfile> loadAll() throws ProfileException {
        List<HardwareProfile> out = new ArrayList<>();
        for (String n : BUILT_IN) {
            out.add(builtIn(n));
        }
        return out;
    }

    /**
     * The host calibration to simulate with: the file if it exists, else the host profile's documented
     * defaults.
     */
    public static HostCalibration hostCalibration(Path fileOrNull) throws ProfileException {
        if (fileOrNull != null && Files.isRegularFile(fileOrNull)) {
            return HostCalibration.load(fileOrNull);
        }
        return builtIn("host").calibration();
    }

    private static HardwareProfile parse(String where, String expectedName, byte[] bytes) throws ProfileException {
        JsonNode root;
        try {
            YAMLMapper yaml = new YAMLMapper();
            yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = yaml.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ProfileException(where, lineOf(e), "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProfileException(where, null, "cannot parse: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ProfileException(where, null, "must be a YAML mapping with name, title, cpu, memory, power, thermal, radiation");
        }
        return read(new ProfileNode(where, "", root, Map.of()), expectedName);
    }

    private static String lineOf(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null || loc.getLineNr() < 1 ? null : "line " + loc.getLineNr();
    }

    private static HardwareProfile read(ProfileNode top, String expectedName) throws ProfileException {
        top.rejectUnknown(TOP_KEYS);
        String name = top.text("name");
        if (!name.equals(expectedName)) {
            throw top.fail("name", "'" + name + "' does not match the file name '" + expectedName
                    + ".yaml'; rename one of them so they agree");
        }
        Map<String, String> refs = new LinkedHashMap<>();
        if (top.has("references")) {
            ProfileNode r = top.child("references");
            var it = r.raw().fieldNames();
            while (it.hasNext()) {
                String key = it.next();
                refs.put(key, r.text(key));
            }
        }
        ProfileNode n = top.withReferences(refs);
        CpuSpec cpu = readCpu(n.child("cpu"));
        MemorySpec memory = readMemory(n.child("memory"));
        ProfileNode pw = n.child("power");
        pw.rejectUnknown(POWER_KEYS);
        PowerSpec power = new PowerSpec(pw.figure("static_w", POSITIVE));
        AcceleratorSpec accel = n.has("accelerator") ? readAccelerator(n.child("accelerator")) : null;
        ThermalSpec thermal = readThermal(n.child("thermal"));
        RadiationSpec radiation = readRadiation(n.child("radiation"));
        HostCalibration calibration = null;
        if (n.has("calibration_defaults")) {
            calibration = readCalibrationDefaults(n.child("calibration_defaults"));
            double maxRead = calibration.maxReadBandwidthGbs();
            if (Math.abs(memory.bandwidthGbs().value() - maxRead) > 0.01 * maxRead) {
                throw n.fail("memory.bandwidth_gbs", memory.bandwidthGbs().value() + " GB/s differs from the highest read "
                        + "bandwidth in calibration_defaults (" + maxRead + " GB/s); a calibrated profile's bandwidth is the measured one");
            }
        }
        return new HardwareProfile(name, n.text("title"), n.text("summary"), top.file(), refs, cpu, memory, power,
                thermal, accel, radiation, calibration);
    }

    private static CpuSpec readCpu(ProfileNode c) throws ProfileException {
        c.rejectUnknown(CPU_KEYS);
        Figure cores = c.figure("cores", POSITIVE);
        if (cores.value() != Math.rint(cores.value()) || cores.value() > 1024) {
            throw c.fail("cores.value", "must be a whole number of cores in 1..1024, got " + cores.value());
        }
        Figure width = c.figure("vector_width_bits", NON_NEGATIVE);
        Figure f32 = c.figure("peak_f32_gflops", POSITIVE);
        Figure int8 = c.figure("peak_int8_gops", POSITIVE);
        List<ProfileNode> items = c.list("dvfs_states");
        if (items.isEmpty()) {
            throw c.fail("dvfs_states", "needs at least one state (the clock the cores run at)");
        }
        List<DvfsState> states = new ArrayList<>();
        DvfsState prev = null;
        for (ProfileNode s : items) {
            s.rejectUnknown(DVFS_KEYS);
            DvfsState st = new DvfsState(s.figure("clock_mhz", POSITIVE), s.optFigure("voltage_v", POSITIVE),
                    s.figure("power_dynamic_w", POSITIVE));
            if (prev != null) {
                if (st.clockMhz().value() <= prev.clockMhz().value()) {
                    throw s.fail("clock_mhz", "DVFS states must be listed slowest first with increasing clocks; "
                            + st.clockMhz().value() + " MHz follows " + prev.clockMhz().value() + " MHz");
                }
                if (st.powerDynamicW().value() <= prev.powerDynamicW().value()) {
                    throw s.fail("power_dynamic_w", "dynamic power must increase with the clock; "
                            + st.powerDynamicW().value() + " W follows " + prev.powerDynamicW().value() + " W");
                }
                if ((st.voltageV() == null) != (prev.voltageV() == null)) {
                    throw s.fail("voltage_v", "give a voltage for every DVFS state or for none");
                }
                if (st.voltageV() != null && st.voltageV().value() < prev.voltageV().value()) {
                    throw s.fail("voltage_v", "voltage must not fall as the clock rises; " + st.voltageV().value()
                            + " V follows " + prev.voltageV().value() + " V");
                }
            }
            states.add(st);
            prev = st;
        }
        return new CpuSpec(c.text("isa"), cores, width, f32, int8, states);
    }

    private static MemorySpec readMemory(ProfileNode m) throws ProfileException {
        m.rejectUnknown(MEMORY_KEYS);
        return new MemorySpec(m.figure("bandwidth_gbs", POSITIVE), m.figure("size_mib", POSITIVE),
                m.figure("energy_pj_per_byte", POSITIVE));
    }

    private static AcceleratorSpec readAccelerator(ProfileNode a) throws ProfileException {
        a.rejectUnknown(ACCEL_KEYS);
        Figure idle = a.figure("power_idle_w", NON_NEGATIVE);
        Figure active = a.figure("power_active_w", POSITIVE);
        if (active.value() < idle.value()) {
            throw a.fail("power_active_w", active.value() + " W is below the idle power " + idle.value() + " W");
        }
        return new AcceleratorSpec(a.text("name"), a.figure("peak_f32_gflops", POSITIVE), a.figure("peak_int8_gops", POSITIVE),
                a.figure("bandwidth_gbs", POSITIVE), a.figure("efficiency", FRACTION), idle, active,
                a.figure("launch_overhead_us", NON_NEGATIVE));
    }

    private static ThermalSpec readThermal(ProfileNode t) throws ProfileException {
        t.rejectUnknown(THERMAL_KEYS);
        Figure r = t.figure("resistance_k_per_w", POSITIVE);
        Figure c = t.figure("capacitance_j_per_k", POSITIVE);
        Figure sunlit = t.figure("sink_sunlit_c", ANY);
        Figure eclipse = t.figure("sink_eclipse_c", ANY);
        Figure tau = t.figure("sink_time_constant_s", POSITIVE);
        Figure hyst = t.figure("throttle_hysteresis_k", POSITIVE);
        Figure critical = t.figure("critical_c", ANY);
        Figure tjMax = t.figure("junction_max_c", ANY);
        double sink = Math.max(sunlit.value(), eclipse.value());
        if (tjMax.value() <= sink) {
            throw t.fail("junction_max_c", tjMax.value() + " C is not above the sink temperature " + sink
                    + " C: the die could never be cooled; check the sign and the unit (Celsius)");
        }
        if (critical.value() > tjMax.value()) {
            throw t.fail("critical_c", critical.value() + " C is above the junction maximum " + tjMax.value() + " C");
        }
        List<ProfileNode> items = t.list("throttle_trips_c");
        if (items.isEmpty()) {
            throw t.fail("throttle_trips_c", "needs at least one passive trip point below critical_c");
        }
        List<Figure> trips = new ArrayList<>();
        double prev = sink;
        String prevWhat = "the sink temperature";
        for (ProfileNode item : items) {
            Figure f = item.asFigure(ANY);
            if (f.value() <= prev) {
                throw item.fail(null, "trip points must rise above " + prevWhat + " (" + prev + " C) in order; got "
                        + f.value() + " C");
            }
            trips.add(f);
            prev = f.value();
            prevWhat = "the trip before it";
        }
        if (critical.value() <= prev) {
            throw t.fail("critical_c", critical.value() + " C must be above the last throttle trip " + prev + " C");
        }
        return new ThermalSpec(r, c, sunlit, eclipse, tau, trips, hyst, critical, tjMax);
    }

    private static RadiationSpec readRadiation(ProfileNode r) throws ProfileException {
        r.rejectUnknown(RADIATION_KEYS);
        return new RadiationSpec(r.optFigure("tid_krad", POSITIVE), r.optFigure("sel_threshold_mev_cm2_per_mg", POSITIVE),
                r.text("notes"));
    }

    private static HostCalibration readCalibrationDefaults(ProfileNode c) throws ProfileException {
        c.rejectUnknown(CALIBRATION_KEYS);
        List<CalibrationPoint> points = new ArrayList<>();
        List<ProfileNode> items = c.list("points");
        if (items.isEmpty()) {
            throw c.fail("points", "needs at least one thread count");
        }
        for (ProfileNode p : items) {
            p.rejectUnknown(CALIBRATION_POINT_KEYS);
            points.add(new CalibrationPoint(p.integer("threads", 1), p.figure("read_bandwidth_gbs", POSITIVE).value(),
                    p.figure("q8_0_matvec_gbs", POSITIVE).value(), p.figure("matmul_gflops", POSITIVE).value()));
        }
        return new HostCalibration(c.file() + " (calibration_defaults)", c.text("machine"), "",
                "documented defaults; run the calibration to measure this machine", points);
    }
}
