package io.radinfer.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model commands' contract: what goes to stdout, what to stderr, and the exit codes. */
class ModelCommandsTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = Radinfer.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Path stories() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        Path d = p == null ? null : p.resolveSibling("shared").resolve("models").resolve("stories260K");
        Assumptions.assumeTrue(d != null && Files.isRegularFile(d.resolve("stories260K.bin")),
                "../shared/models/stories260K is not here (a fresh clone has no ../shared); skipping");
        return d;
    }

    @Test
    void runPrintsOnlyTheGeneratedIdsWithIds() throws Exception {
        Path d = stories();
        Result r = run("run", "--model", d.resolve("stories260K.bin").toString(), "--temperature", "0", "--steps", "256",
                "--ids", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readString(d.resolve("greedy-from-bos.ids")).strip(), r.out().strip());
        assertTrue(r.err().contains("decode 255 tokens"), r.err());
    }

    @Test
    void logitsWritesLittleEndianRowsBitForBitLikeRunC(@TempDir Path tmp) throws Exception {
        Path d = stories();
        String ids = "1," + String.join(",", Files.readAllLines(d.resolve("greedy-from-bos.ids")).subList(0, 15));
        Path out = tmp.resolve("l.bin");
        Result r = run("logits", "--model", d.resolve("stories260K.bin").toString(), "--prompt-ids", ids, "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Files.readAllBytes(d.resolve("greedy-from-bos.logits-f32le")), Files.readAllBytes(out));
    }

    @Test
    void quantizeThenRunTheGguf(@TempDir Path tmp) throws Exception {
        Path d = stories();
        Path q = tmp.resolve("s.gguf");
        Result r = run("quantize", "--model", d.resolve("stories260K.bin").toString(), "--type", "f32", "--out", q.toString());
        assertEquals(0, r.code(), r.err());
        Result g = run("run", "--model", q.toString(), "--temperature", "0", "--steps", "256", "--ids");
        assertEquals(0, g.code(), g.err());
        assertEquals(Files.readString(d.resolve("greedy-from-bos.ids")).strip(), g.out().strip());
    }

    @Test
    void benchPrintsOneLinePerModeWithItsRatio() throws Exception {
        Path d = stories();
        Result r = run("bench", "--model", d.resolve("stories260K.bin").toString(), "--protect", "checksum,tmr",
                "--tokens", "8", "--rounds", "1", "--warmup", "2", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(4, lines.length, r.out());
        assertTrue(lines[1].startsWith("mode=none ") && lines[1].endsWith("ratio_vs_none=1.000"), lines[1]);
        assertTrue(lines[2].startsWith("mode=checksum ") && lines[2].matches(".* ratio_vs_none=\\d+\\.\\d{3}"), lines[2]);
        assertTrue(lines[3].startsWith("mode=tmr "), lines[3]);
    }

    @Test
    void badInputGetsAOneLineErrorAndANonZeroExitCode(@TempDir Path tmp) throws Exception {
        Result r = run("run", "--protect", "triple");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown protection mode 'triple'"), r.err());
        r = run("run", "--prompt-ids", "1,x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'x' is not one"), r.err());
        Path bad = tmp.resolve("bad.gguf");
        Files.write(bad, new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0, 1});
        r = run("run", "--model", bad.toString(), "--ids");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("ModelFormatException") && r.err().contains(bad.toString()), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        r = run("quantize", "--model", bad.toString(), "--type", "q5_1", "--out", tmp.resolve("o").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--type must be q8_0, q4_0, f16 or f32"), r.err());
    }
}
