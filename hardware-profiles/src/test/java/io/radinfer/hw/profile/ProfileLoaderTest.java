package io.radinfer.hw.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileLoaderTest {

    @TempDir
    Path dir;

    @Test
    void everyProfileFileIsBuiltInAndLoads() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "profiles"))) {
            List<String> names = files.map(p -> p.getFileName().toString().replaceFirst("\\.yaml$", "")).sorted().toList();
            assertEquals(ProfileLoader.BUILT_IN.stream().sorted().toList(), names);
        }
        List<HardwareProfile> all = ProfileLoader.loadAll();
        assertEquals(9, all.size());
        for (HardwareProfile p : all) {
            assertTrue(p.cpu().coreCount() >= 1, p.name());
            assertTrue(p.idlePowerW() > 0, p.name());
            assertTrue(p.thermal().junctionMaxC().value() > p.thermal().hottestSinkC(), p.name());
            assertEquals("classpath:profiles/" + p.name() + ".yaml", p.origin());
        }
        assertTrue(ProfileLoader.BUILT_IN.contains(ProfileLoader.DEFAULT));
    }

    @Test
    void estimatesSayHowTheyWereDerived() throws ProfileException {
        for (HardwareProfile p : ProfileLoader.loadAll()) {
            for (Figure f : List.of(p.cpu().cores(), p.cpu().peakF32Gflops(), p.memory().bandwidthGbs(),
                    p.power().staticW(), p.thermal().resistanceKPerW(), p.thermal().capacitanceJPerK())) {
                assertFalse(f.source().isBlank(), p.name());
                if (f.grade() == Grade.ESTIMATE) {
                    assertFalse(f.derivation().isBlank(), p.name() + ": " + f);
                }
            }
        }
    }

    @Test
    void hostProfileCarriesItsCalibrationDefaults() throws ProfileException {
        HardwareProfile host = ProfileLoader.builtIn("host");
        assertTrue(host.isHost());
        assertEquals(List.of(1, 2), host.calibration().points().stream().map(CalibrationPoint::threads).toList());
        assertEquals(49.0, host.memory().bandwidthGbs().value());
        assertEquals(Grade.MEASURED, host.memory().bandwidthGbs().grade());
        assertFalse(ProfileLoader.builtIn("gr740").isHost());
        HostCalibration measured = new HostCalibration("test", "m", "", "", List.of(new CalibrationPoint(2, 60, 45, 150)));
        assertEquals(60.0, host.withCalibration(measured).memory().bandwidthGbs().value());
        assertThrows(IllegalStateException.class, () -> ProfileLoader.builtIn("gr740").withCalibration(measured));
    }

    @Test
    void aUserFileLoadsByPath() throws IOException {
        Path f = write("gr740", UnaryOperator.identity());
        HardwareProfile p = ProfileLoader.load(f.toString());
        assertEquals("gr740", p.name());
        assertEquals(f.toString(), p.origin());
        assertEquals(4, p.cpu().coreCount());
        assertNull(p.accelerator());
    }

    @Test
    void anUnknownNameSaysWhatExists() {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load("gr741"));
        assertTrue(e.getMessage().contains("built-ins: gr740, rad5545"), e.getMessage());
    }

    @Test
    void aMissingFieldIsNamed() throws IOException {
        Path f = write("gr740", s -> s.replaceFirst("(?m)^  junction_max_c: .*\\n", ""));
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(f));
        assertEquals(f.toString(), e.file());
        assertEquals("thermal.junction_max_c", e.field());
        assertTrue(e.getMessage().startsWith(f + " (thermal.junction_max_c): missing"), e.getMessage());
    }

    @Test
    void negativePowerIsRejected() throws IOException {
        Path f = write("gr740", s -> s.replace("static_w: {value: 0.7,", "static_w: {value: -0.7,"));
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(f));
        assertEquals("power.static_w.value", e.field());
        assertTrue(e.getMessage().contains("must be a number > 0, got -0.7"), e.getMessage());
    }

    @Test
    void zeroCoresAreRejected() throws IOException {
        Path f = write("gr740", s -> s.replace("cores: {value: 4,", "cores: {value: 0,"));
        assertEquals("cpu.cores.value", assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(f)).field());
    }

    @Test
    void aJunctionLimitBelowTheSinkIsRejected() throws IOException {
        Path f = write("gr740", s -> s.replace("junction_max_c: {value: 125,", "junction_max_c: {value: 15,"));
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(f));
        assertEquals("thermal.junction_max_c", e.field());
        assertTrue(e.getMessage().contains("15.0 C is not above the sink temperature 20.0 C"), e.getMessage());
    }

    @Test
    void throttleTripsOutOfOrderAreRejected() throws IOException {
        Path f = write("gr740", s -> s.replace("- {value: 110,", "- {value: 95,"));
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(f));
        assertEquals("thermal.throttle_trips_c[1]", e.field());
    }

    @Test
    void aCriticalTripBelowTheLastThrottleTripIsRejected() throws IOException {
        Path f = write("gr740", s -> s.replace("critical_c: {value: 120,", "critical_c: {value: 105,"));
        assertEquals("thermal.critical_c", assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(f)).field());
    }

    @Test
    void dvfsStatesMustRiseInClockAndPower() throws IOException {
        Path clock = write("gr740", s -> s.replace("clock_mhz: {value: 200,", "clock_mhz: {value: 100,"));
        assertEquals("cpu.dvfs_states[1].clock_mhz",
                assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(clock)).field());
        Path power = write("gr740", s -> s.replace("power_dynamic_w: {value: 1.2,", "power_dynamic_w: {value: 0.5,"));
        assertEquals("cpu.dvfs_states[1].power_dynamic_w",
                assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(power)).field());
    }

    @Test
    void aVoltageMustNotFallAsTheClockRises() throws IOException {
        Path f = write("snapdragon-801", s -> s.replace("voltage_v: {value: 0.9,", "voltage_v: {value: 0.7,"));
        assertEquals("cpu.dvfs_states[1].voltage_v", assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(f)).field());
    }

    @Test
    void sourcingMistakesAreNamed() throws IOException {
        Path noDerivation = write("gr740", s -> s.replace(", derivation: \"~20 pJ/bit = 160 pJ/byte at 45 nm; 3.3 V PC100 SDRAM is no better\"", ""));
        assertEquals("memory.energy_pj_per_byte.derivation",
                assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(noDerivation)).field());
        Path badGrade = write("gr740", s -> s.replace("bandwidth_gbs: {value: 0.8, grade: S,", "bandwidth_gbs: {value: 0.8, grade: X,"));
        assertEquals("memory.bandwidth_gbs.grade", assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(badGrade)).field());
        Path badRef = write("gr740", s -> s.replace("[gaisler-web] 1000 MFLOPS", "[gaisler-site] 1000 MFLOPS"));
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(badRef));
        assertEquals("cpu.peak_f32_gflops.source", e.field());
        assertTrue(e.getMessage().contains("cites [gaisler-site]"), e.getMessage());
    }

    @Test
    void aTypoInAFieldNameIsNotIgnored() throws IOException {
        Path f = write("gr740", s -> s.replace("  size_mib:", "  size_mb:"));
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(f));
        assertEquals("memory.size_mb", e.field());
        assertTrue(e.getMessage().contains("unknown field"), e.getMessage());
    }

    @Test
    void theNameMustMatchTheFile() throws IOException {
        Path f = dir.resolve("my-board.yaml");
        Files.writeString(f, builtInText("gr740"));
        assertEquals("name", assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(f)).field());
    }

    @Test
    void brokenYamlNamesTheLine() throws IOException {
        Path f = write("gr740", s -> s.replace("cpu:\n", "cpu: [\n"));
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.fromFile(f));
        assertNotNull(e.field());
        assertTrue(e.field().startsWith("line "), e.field());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    private Path write(String name, UnaryOperator<String> edit) throws IOException {
        String original = builtInText(name);
        String edited = edit.apply(original);
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, edited);
        return f;
    }

    private static String builtInText(String name) throws IOException {
        try (InputStream in = ProfileLoader.class.getClassLoader().getResourceAsStream("profiles/" + name + ".yaml")) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
