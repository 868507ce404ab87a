package io.radinfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakCommandTest {
    @TempDir
    Path dir;

    @Test
    void aShortSoakOnStories260KReportsAndWritesItsSummary() throws Exception {
        Path model = ModelCommandsTest.stories().resolve("stories260K.bin");
        Path json = dir.resolve("soak.json");
        Path lines = dir.resolve("soak.jsonl");
        ModelCommandsTest.Result r = ModelCommandsTest.run("soak", "--model", model.toString(), "--seconds", "3",
                "--report-seconds", "1", "--fault-rate", "0.2", "--scrub-seconds", "1", "--shadow-every", "1",
                "--out", json.toString(), "--lines", lines.toString());
        assertTrue(r.out().contains("soak summary") && r.out().contains("SDCs"), r.out() + r.err());
        long printed = r.out().lines().filter(l -> l.startsWith("[")).count();
        assertTrue(printed >= 2, "a line per period (checked between generations) and one at the end: " + r.out());
        assertTrue(Files.readString(json).contains("\"heap_slope_mib_per_hour\""));
        assertEquals(printed, Files.readAllLines(lines).size(), "every printed line is in the --lines file");
        assertEquals(r.out().contains("crashes 0") && r.out().contains("SDCs 0 ") ? 0 : 1, r.code(), r.out());
    }

    @Test
    void theRunTimeIsRequiredAndTheRateChecked() {
        assertEquals(2, ModelCommandsTest.run("soak").code());
        assertEquals(2, ModelCommandsTest.run("soak", "--minutes", "1", "--hours", "1").code());
        ModelCommandsTest.Result r = ModelCommandsTest.run("soak", "--seconds", "1", "--fault-rate", "-1");
        assertTrue(r.code() != 0 && r.err().contains("fault rate"), r.err());
    }
}
