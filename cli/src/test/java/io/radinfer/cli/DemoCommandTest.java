package io.radinfer.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {

    @Test
    void demoPrintsTheKernelChoiceAndSelfCheckBeforeGenerating() {
        ModelCommandsTest.Result r = ModelCommandsTest.run("demo", "--self-check-seconds", "0", "--skip-bench",
                "--steps", "24", "--threads", "1");
        assertEquals(0, r.code(), r.err() + r.out());
        String out = r.out();
        assertTrue(out.startsWith("== kernels: vector-"), out);
        assertTrue(out.contains("all within bounds"), out);
        assertTrue(out.indexOf("self-check:") < out.indexOf("== generation"), out);
        assertTrue(out.contains("kernels vector-"), "the built-in GGUF model runs on the vector kernels: " + out);
        assertTrue(out.contains("checksum: output identical"), out);
    }

    @Test
    void demoRejectsABadSelfCheckBudgetAndKernelsOption() {
        ModelCommandsTest.Result r = ModelCommandsTest.run("demo", "--self-check-seconds", "-1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--self-check-seconds"), r.err());
        r = ModelCommandsTest.run("run", "--kernels", "fast");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("kernels must be auto, vector or scalar"), r.err());
    }
}
