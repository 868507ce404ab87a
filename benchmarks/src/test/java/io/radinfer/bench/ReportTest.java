package io.radinfer.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    private static String row(String bench, String method, String params, double score, String unit) {
        return """
                {"jmhVersion":"1.37","benchmark":"io.radinfer.bench.%s.%s","mode":"thrpt","threads":1,"forks":1,
                 "jdkVersion":"25","vmName":"OpenJDK 64-Bit Server VM","vmVersion":"25+36","warmupIterations":2,
                 "warmupTime":"1 s","measurementIterations":3,"measurementTime":"1 s","params":{%s},
                 "primaryMetric":{"score":%s,"scoreError":0.1,"scoreUnit":"%s"}}"""
                .formatted(bench, method, params, score, unit);
    }

    /** {@code row} with JMH secondary results ({@code name, score} pairs), as aux counters appear in its JSON. */
    private static String withSecondary(String row, Object... nameScore) {
        StringBuilder b = new StringBuilder("},\"secondaryMetrics\":{");
        for (int i = 0; i < nameScore.length; i += 2) {
            b.append(i == 0 ? "" : ",").append('"').append(nameScore[i]).append("\":{\"score\":").append(nameScore[i + 1])
                    .append(",\"scoreUnit\":\"#\"}");
        }
        return row.replace("}}", b.append("}}").toString());
    }

    private static Path results(Path dir, String... rows) throws IOException {
        Path f = dir.resolve("r.json");
        Files.writeString(f, "[" + String.join(",", rows) + "]");
        return f;
    }

    @Test
    void kernelFiguresAreWeightBytesAndShareOfTheSameRunsBandwidth(@TempDir Path dir) throws IOException {
        // 40 passes/s over 1 GiB = 42.9 GB/s; 800 Q8_0 matvecs/s of 11008 x 4096 (47.9 MB) = 38.3 GB/s = 89%.
        Report r = new Report();
        r.read(results(dir,
                row("BandwidthBench", "read", "\"threads\":\"2\"", 40, "ops/s"),
                row("KernelBench", "matvec", "\"kernel\":\"Q8_0/int\",\"shape\":\"11008x4096\",\"threads\":\"2\"", 800, "ops/s"),
                row("KernelBench", "matvec", "\"kernel\":\"Q8_0/int\",\"shape\":\"11008x4096\",\"threads\":\"1\"", 500, "ops/s"),
                row("KernelScalarBench", "matvec", "\"kernel\":\"Q8_0/int\",\"shape\":\"11008x4096\",\"threads\":\"1\"", 100, "ops/s")));
        assertEquals(42.95, r.bandwidth(2), 0.01);
        String k = r.kernels("cmd");
        assertTrue(k.contains("| Q8_0/int | 11008x4096 | 2 | 1250 | 38.3 | 72.1 | 89% |  | 1.60x |"), k);
        assertTrue(k.contains("| Q8_0/int | 11008x4096 | 1 | 2000 | 24.0 | 45.1 | - | 5.00x |  |"), k);
        String t = r.targets("cmd");
        assertTrue(t.contains("| 2 | Q8_0 matvec (int) 11008x4096, 2 threads >= 85% of read bandwidth | 89% | met |"), t);
        assertTrue(t.contains("| 8 | Q8_0 matvec (int) 11008x4096, 2 threads >= 90% of read bandwidth | 89% | not met |"), t);
        assertTrue(t.contains("| 2 | Q8_0/int 11008x4096, 1 thread: vector >= 4x scalar | 5.00x | met |"), t);
        assertTrue(t.contains("| 3 | decode, DRAM-bound synthetic model, 2 threads >= 80% of read bandwidth | - | not measured |"), t);
    }

    @Test
    void protectionRatiosAreAgainstNoneInTheSameRun(@TempDir Path dir) throws IOException {
        Report r = new Report();
        r.read(results(dir,
                row("ProtectionOverheadBench", "decode", "\"mode\":\"none\",\"scrub\":\"off\",\"threads\":\"2\"", 20, "ops/s"),
                row("ProtectionOverheadBench", "decode", "\"mode\":\"checksum\",\"scrub\":\"off\",\"threads\":\"2\"", 18, "ops/s"),
                row("ProtectionOverheadBench", "decode", "\"mode\":\"tmr\",\"scrub\":\"off\",\"threads\":\"2\"", 7, "ops/s"),
                row("InjectorSeamBench", "decode", "\"injector\":\"absent\",\"threads\":\"2\"", 20, "ops/s"),
                row("InjectorSeamBench", "decode", "\"injector\":\"noop\",\"threads\":\"2\"", 19.9, "ops/s")));
        String p = r.protection("cmd");
        assertTrue(p.contains("| checksum | off | 18.00 | 0.900 | >= 0.95 | not met |"), p);
        assertTrue(p.contains("| tmr | off | 7.00 | 0.350 | >= 0.32 | met |"), p);
        assertTrue(p.contains("ratio 0.995 (target: seams cost <= 1%: met)"), p);
    }

    /**
     * The interleaved run's aux counters (nanoseconds per preset, summed by JMH) give the judged ratios; the
     * per-preset forks of the same file are shown without verdicts.
     */
    @Test
    void interleavedRatiosComeFromTheTimePerPresetAndCarryTheVerdicts(@TempDir Path dir) throws IOException {
        // 300 rounds; none 10 s (30 tokens/s); checksum 10.5 s (0.952); dmr 21 s (0.476); tmr 30 s (0.333)
        String interleaved = withSecondary(row("ProtectionOverheadBench", "interleaved", "\"threads\":\"2\"", 7.2, "ops/s"),
                "none", 1.0E10, "checksum", 1.05E10, "dmr", 2.1E10, "tmr", 3.0E10, "rounds", 300);
        Report r = new Report();
        r.read(results(dir, interleaved,
                row("ProtectionOverheadBench", "decode", "\"mode\":\"none\",\"scrub\":\"off\",\"threads\":\"2\"", 20, "ops/s"),
                row("ProtectionOverheadBench", "decode", "\"mode\":\"checksum\",\"scrub\":\"off\",\"threads\":\"2\"", 14, "ops/s")));
        String p = r.protection("cmd");
        assertTrue(p.contains("300 tokens per preset"), p);
        assertTrue(p.contains("| none | 30.00 | 1.000 |  |  |"), p);
        assertTrue(p.contains("| checksum | 28.57 | 0.952 | >= 0.95 | met |"), p);
        assertTrue(p.contains("| dmr | 14.29 | 0.476 | >= 0.48 | not met |"), p);
        assertTrue(p.contains("| tmr | 10.00 | 0.333 | >= 0.32 | met |"), p);
        assertTrue(p.contains("| checksum | off | 14.00 | 0.700 |  |  |"), p);
        assertTrue(p.indexOf("interleaved token by token") < p.indexOf("in its own forks"), p);
    }

    @Test
    void interleavedDecodeShareComesFromTheSameSecondsAndCarriesTheVerdict(@TempDir Path dir) throws IOException {
        // 300 tokens in 10 s (30 tokens/s); 300 passes of 1 GiB timed so that the weight rate is 75% of the read rate.
        double perToken = SyntheticLlama.streamedBytesPerToken();
        double readNanos = 0.75 * 1e10 * BandwidthBench.BYTES / perToken;
        String interleaved = withSecondary(row("DecodeBench", "interleaved", "\"threads\":\"2\"", 10, "ops/s"),
                "decodeNanos", 1.0E10, "readNanos", readNanos, "tokens", 300, "passes", 300);
        Report r = new Report();
        // The separate runs would say 30 tokens/s against 100 GB/s: 28%, which the interleaved figure replaces.
        r.read(results(dir, interleaved,
                row("DecodeBench", "decode", "\"threads\":\"2\"", 30, "ops/s"),
                row("BandwidthBench", "read", "\"threads\":\"2\"", 100e9 / BandwidthBench.BYTES, "ops/s")));
        assertEquals(0.75, r.interleavedDecodeShare(2), 1e-9);
        assertTrue(Double.isNaN(r.interleavedDecodeShare(1)));
        assertEquals(30, r.decodeRate(2), 1e-9, "the decode rate is the plain method's, not the interleaved one's");
        String d = r.decode("cmd");
        assertTrue(d.contains("| 2 | 300 | 30.00 | " + Report.f(30 * perToken / 1e9, 1) + " | 300 | "), d);
        assertTrue(d.contains("| 75% |"), d);
        String t = r.targets("cmd");
        assertTrue(t.contains("2 threads >= 80% of read bandwidth (interleaved with the read pass) | 75% | not met |"), t);
        assertTrue(t.contains("decode, 2 threads >= 90% of read bandwidth (interleaved with the read pass) | 75% | not met |"), t);
    }

    @Test
    void rewritesOnlyBetweenTheMarkers(@TempDir Path dir) throws IOException {
        Path doc = dir.resolve("d.md");
        Files.writeString(doc, "intro\n<!-- kernels:begin -->\nold table\n<!-- kernels:end -->\noutro\n");
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kernels", "| new |\n");
        Report.rewrite(doc, s);
        assertEquals("intro\n<!-- kernels:begin -->\n| new |\n<!-- kernels:end -->\noutro\n", Files.readString(doc));
        Report.rewrite(doc, s);
        assertEquals("intro\n<!-- kernels:begin -->\n| new |\n<!-- kernels:end -->\noutro\n", Files.readString(doc));
        Map<String, String> missing = Map.of("decode", "x");
        IOException e = assertThrows(IOException.class, () -> Report.rewrite(doc, missing));
        assertTrue(e.getMessage().contains("<!-- decode:begin -->"), e.getMessage());
        assertFalse(Files.readString(doc).contains("x\n"));
    }

    @Test
    void aResultFileThatIsNotJmhJsonIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"not\": \"an array\"}");
        IOException e = assertThrows(IOException.class, () -> new Report().read(f));
        assertTrue(e.getMessage().contains("-rf json"), e.getMessage());
    }
}
