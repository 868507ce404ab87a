package io.radinfer.hw.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostCalibrationTest {

    @TempDir
    Path dir;

    @Test
    void writtenCalibrationReadsBack() throws IOException {
        HostCalibration c = new HostCalibration("bench", "test machine", "2026-11-22T10:00:00Z", "cmd",
                List.of(new CalibrationPoint(2, 48.5, 40.1, 120.0), new CalibrationPoint(1, 24.0, 21.0, 60.5)));
        Path f = dir.resolve("cal/host-calibration.json");
        c.write(f);
        HostCalibration back = HostCalibration.load(f);
        assertEquals(c.points(), back.points());
        assertEquals(1, back.points().getFirst().threads());
        assertEquals(f.toString(), back.source());
        assertEquals("test machine", back.machine());
        assertEquals(48.5, back.maxReadBandwidthGbs());
        assertEquals(1, back.pointAtMost(1).threads());
        assertEquals(2, back.pointAtMost(8).threads());
    }

    @Test
    void theHostDefaultsApplyUntilAFileExists() throws IOException {
        HostCalibration defaults = ProfileLoader.hostCalibration(null);
        assertTrue(defaults.source().contains("calibration_defaults"), defaults.source());
        assertEquals(defaults.points(), ProfileLoader.hostCalibration(dir.resolve("absent.json")).points());
        Path f = dir.resolve("c.json");
        new HostCalibration("x", "m", "", "", List.of(new CalibrationPoint(1, 10, 9, 30))).write(f);
        assertEquals(10.0, ProfileLoader.hostCalibration(f).maxReadBandwidthGbs());
    }

    @Test
    void aCacheResidentMatvecIsRejected() throws IOException {
        Path f = dir.resolve("c.json");
        Files.writeString(f, """
                {"format": "radinfer-host-calibration/1", "points": [
                  {"threads": 1, "read_bandwidth_gbs": 20, "q8_0_matvec_gbs": 40, "matmul_gflops": 50}]}""");
        ProfileException e = assertThrows(ProfileException.class, () -> HostCalibration.load(f));
        assertEquals("points[0].q8_0_matvec_gbs", e.field());
        assertTrue(e.getMessage().contains("cache-resident"), e.getMessage());
    }

    @Test
    void badFilesAreNamed() throws IOException {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"format\": \"other/2\", \"points\": []}");
        assertEquals("format", assertThrows(ProfileException.class, () -> HostCalibration.load(f)).field());
        Files.writeString(f, """
                {"format": "radinfer-host-calibration/1", "points": [
                  {"threads": 1, "read_bandwidth_gbs": 20, "q8_0_matvec_gbs": 18, "matmul_gflops": 50},
                  {"threads": 1, "read_bandwidth_gbs": 20, "q8_0_matvec_gbs": 18, "matmul_gflops": 50}]}""");
        assertEquals("points[1].threads", assertThrows(ProfileException.class, () -> HostCalibration.load(f)).field());
        Files.writeString(f, """
                {"format": "radinfer-host-calibration/1", "points": [
                  {"threads": 1, "read_bandwidth_gbs": -3, "q8_0_matvec_gbs": 18, "matmul_gflops": 50}]}""");
        assertEquals("points[0].read_bandwidth_gbs", assertThrows(ProfileException.class, () -> HostCalibration.load(f)).field());
        Files.writeString(f, "not json");
        ProfileException e = assertThrows(ProfileException.class, () -> HostCalibration.load(f));
        assertSame(null, e.field());
        assertTrue(e.getMessage().startsWith(f + ": cannot read it as JSON"), e.getMessage());
    }
}
