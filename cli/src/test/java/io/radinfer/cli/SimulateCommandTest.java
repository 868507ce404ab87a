package io.radinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulateCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Radinfer.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void profilesListsEveryBuiltInAndShowCitesSources() {
        Run list = run("profiles");
        assertEquals(0, list.code(), list.err());
        for (String name : new String[] {"gr740", "rad5545", "pic64-hpsc", "zynq-ultrascale-plus", "jetson-orin-nano",
                "versal-ai-core", "myriad-x", "snapdragon-801", "host"}) {
            assertTrue(list.out().contains(name), name);
        }
        Run show = run("profiles", "show", "gr740");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("[gaisler-web] 1000 MFLOPS"), show.out());
        assertTrue(show.out().contains("junction_max_c"), show.out());
        Run bad = run("profiles", "show", "gr741");
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("radinfer show: ProfileException: gr741"), bad.err());
    }

    @Test
    void simulateWritesTheThreeOutputs() throws Exception {
        Path out = dir.resolve("sim");
        System.setProperty("java.awt.headless", "true");
        Run r = run("simulate", "--profile", "jetson-orin-nano", "--model", "stories15m-q8_0", "--budget-w", "6",
                "--t-max", "40", "--orbit", "leo-550", "--duration", "1orbit", "--step", "5", "--protect", "checksum",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("budget violations: 0"), r.out());
        for (String f : new String[] {"timeline.csv", "summary.json", "timeline.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(6.0, s.at("/inputs/budget_w").asDouble());
        assertEquals(0, s.get("budget_violations").asInt());
    }

    @Test
    void badInputIsUsageOrATypedError() {
        Run usage = run("simulate", "--duration", "soon", "--out", dir.toString());
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("--duration: 'soon'"), usage.err());
        Run tooBig = run("simulate", "--profile", "gr740", "--budget-w", "2", "--t-max", "90", "--out", dir.toString());
        assertEquals(1, tooBig.code());
        assertTrue(tooBig.err().startsWith("radinfer simulate: SimulationException: model: llama-1b-q8_0 needs"), tooBig.err());
    }
}
