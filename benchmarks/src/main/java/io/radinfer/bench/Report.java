package io.radinfer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radinfer.hw.profile.CalibrationPoint;
import io.radinfer.hw.profile.HostCalibration;
import io.radinfer.hw.profile.ProfileException;
import io.radinfer.hw.profile.ProfileLoader;
import io.radinfer.hw.sim.KernelEfficiency;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.protect.ProtectionPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Turns JMH's JSON results into Markdown tables and writes them into the marked sections of the docs:
 * {@code docs/performance.md} ({@code kernels}, {@code decode}, {@code peers}, {@code targets}), {@code
 * docs/protection.md} ({@code protection-overhead}) and {@code docs/hardware-profiles.md} ({@code budgeted-decode}),
 * each between {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->}. A section is rewritten only when the
 * results hold the benchmarks it is made from, so a kernels-only run leaves the others as they were.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.radinfer.bench.Report [--docs DIR] [--bench-out DIR]
 *      [--write-calibration FILE] [--command TEXT] [--print] RESULT.json...
 * </pre>
 * {@code --print} prints the sections instead of writing them (for a run of one benchmark by hand, which would
 * otherwise replace a whole section, and the targets, with its part). {@code --write-calibration} writes the host
 * calibration the hardware-profiles simulator reads (read bandwidth,
 * Q8_0 matvec at the DRAM-bound 11008x4096 and Q8_0 matmul at batch 64, per thread count) from the same results.
 */
public final class Report {
    /** The DRAM-bound matvec shapes (the square one fits in this machine's L3). */
    static final List<String> DRAM_SHAPES = List.of(BenchSupport.SHAPE_TALL, BenchSupport.SHAPE_WIDE);

    /** One JMH result. */
    record Row(String bench, String method, Map<String, String> params, double score, double error, String unit,
            Map<String, Double> secondary) {
        String p(String k) {
            return params.getOrDefault(k, "");
        }

        /** A secondary result's score (an aux counter, a profiler figure), or NaN. */
        double s(String name) {
            return secondary.getOrDefault(name, Double.NaN);
        }

        int threads() {
            return Integer.parseInt(params.getOrDefault("threads", "1"));
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> run = new LinkedHashMap<>();
    private Path benchOut = BenchOutput.dir();

    public static void main(String[] args) throws IOException {
        Path docs = Path.of("docs");
        Path calibration = null;
        String command = "benchmarks/compare.sh";
        boolean print = false;
        Report r = new Report();
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--docs" -> docs = Path.of(value(args, ++i, "--docs"));
                case "--bench-out" -> r.benchOut = Path.of(value(args, ++i, "--bench-out"));
                case "--write-calibration" -> calibration = Path.of(value(args, ++i, "--write-calibration"));
                case "--command" -> command = value(args, ++i, "--command");
                case "--print" -> print = true;
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]
                                + "; usage: Report [--docs DIR] [--bench-out DIR] [--write-calibration FILE]"
                                + " [--command TEXT] [--print] RESULT.json...");
                    }
                    inputs.add(Path.of(args[i]));
                }
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("give at least one JMH result file (-rf json -rff FILE)");
        }
        for (Path p : inputs) {
            r.read(p);
        }
        if (calibration != null) {
            r.writeCalibration(calibration, command);
        }
        Map<Path, Map<String, String>> edits = new LinkedHashMap<>();
        r.sections(docs, command, edits);
        for (var e : edits.entrySet()) {
            if (print) { // print only: a partial run (one benchmark by hand) must not overwrite the docs' tables
                System.out.println("sections of " + e.getKey() + " (not written): "
                        + String.join(", ", e.getValue().keySet()));
                e.getValue().values().forEach(System.out::println);
            } else {
                rewrite(e.getKey(), e.getValue());
                System.out.println("updated " + e.getKey() + ": " + String.join(", ", e.getValue().keySet()));
            }
        }
        if (edits.isEmpty()) {
            System.out.println("no section to update: the results hold none of the benchmarks the docs report");
        }
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args[i];
    }

    void read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": not a JMH JSON result file (expected an array; run JMH with -rf json)");
        }
        for (JsonNode n : root) {
            String full = n.path("benchmark").asText();
            int dot = full.lastIndexOf('.');
            String cls = full.substring(0, dot);
            Map<String, String> params = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("params").fields(); it.hasNext(); ) {
                var e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            JsonNode pm = n.path("primaryMetric");
            String bench = cls.substring(cls.lastIndexOf('.') + 1);
            String method = full.substring(dot + 1);
            // A later file's figure for the same configuration replaces an earlier one.
            rows.removeIf(r -> r.bench.equals(bench) && r.method.equals(method) && r.params.equals(params));
            Map<String, Double> secondary = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("secondaryMetrics").fields(); it.hasNext(); ) {
                var e = it.next();
                secondary.put(e.getKey(), e.getValue().path("score").asDouble(Double.NaN));
            }
            rows.add(new Row(bench, method, params,
                    pm.path("score").asDouble(Double.NaN), pm.path("scoreError").asDouble(Double.NaN),
                    pm.path("scoreUnit").asText(), secondary));
            run.putIfAbsent("jdk", n.path("jdkVersion").asText() + " (" + n.path("vmName").asText() + " "
                    + n.path("vmVersion").asText() + ")");
            run.merge("settings", String.format(Locale.ROOT, "forks %d, warm-up %d x %s, measurement %d x %s",
                    n.path("forks").asInt(), n.path("warmupIterations").asInt(), n.path("warmupTime").asText(),
                    n.path("measurementIterations").asInt(), n.path("measurementTime").asText()),
                    (a, b) -> a.contains(b) ? a : a + "; " + b);
        }
        run.putIfAbsent("date", Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    // ---- lookups ----

    List<Row> of(String bench) {
        return rows.stream().filter(r -> r.bench.equals(bench)).toList();
    }

    Row find(String bench, Predicate<Row> p) {
        return rows.stream().filter(r -> r.bench.equals(bench) && p.test(r)).findFirst().orElse(null);
    }

    boolean has(String... benches) {
        for (String b : benches) {
            if (!of(b).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Read bandwidth in GB/s at {@code threads}, or NaN. */
    double bandwidth(int threads) {
        Row r = find("BandwidthBench", x -> x.threads() == threads);
        return r == null ? Double.NaN : r.score * BandwidthBench.BYTES / 1e9;
    }

    /** FMA peak in GFLOP/s at {@code threads}, or NaN. */
    double fmaPeak(int threads) {
        Row r = find("FmaPeakBench", x -> x.threads() == threads);
        return r == null ? Double.NaN : r.score * fmaFlopsPerOp() / 1e9;
    }

    /** FLOPs per FmaPeakBench op, as the benchmark recorded it (its lane count is its JVM's). */
    double fmaFlopsPerOp() {
        Path f = benchOut.resolve("fma").resolve("flops-per-op.json");
        try {
            if (Files.isRegularFile(f)) {
                return new ObjectMapper().readTree(f.toFile()).path("flops_per_op").asDouble(Double.NaN);
            }
        } catch (IOException e) {
            // fall through
        }
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? FmaPeakBench.flopsPerOp() : Double.NaN;
    }

    static GgmlType type(String kernel) {
        String t = kernel.contains("/") && !kernel.startsWith("radinfer") && !kernel.startsWith("jlama")
                ? kernel.substring(0, kernel.indexOf('/')) : kernel.substring(kernel.lastIndexOf('/') + 1);
        return GgmlType.valueOf(t);
    }

    /** GB/s of weight bytes for a product row of {@code bench} (radinfer layouts). */
    static double weightGbs(Row r, GgmlType type) {
        int[] s = BenchSupport.shape(r.p("shape"));
        return r.score * BenchSupport.weightBytes(type, s[0], s[1]) / 1e9;
    }

    /** GFLOP/s of a product row: {@code 2 rows cols batch} per op. */
    static double gflops(Row r) {
        int[] s = BenchSupport.shape(r.p("shape"));
        int batch = r.params.containsKey("batch") ? Integer.parseInt(r.p("batch")) : 1;
        return r.score * 2.0 * s[0] * s[1] * batch / 1e9;
    }

    // ---- the header ----

    String header(String threads) {
        return String.format(Locale.ROOT, "Measured %s on %s; JDK %s; threads %s; JMH %s. Kernels: %s.",
                run.get("date"), cpu(), run.get("jdk"), threads, run.get("settings"), kernelsUsed());
    }

    /** Which kernels the benchmarks ran on, as they recorded it ({@link BenchOutput#kernelsUsed}). */
    String kernelsUsed() {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        Path dir = benchOut.resolve("kernels");
        for (String bench : rows.stream().map(Row::bench).distinct().sorted().toList()) {
            Path f = dir.resolve(bench + ".json");
            try {
                if (Files.isRegularFile(f)) {
                    String name = new ObjectMapper().readTree(f.toFile()).path("kernels").asText("?");
                    byName.computeIfAbsent(name, k -> new ArrayList<>()).add(bench);
                }
            } catch (IOException e) {
                // an unreadable record: the header just says less
            }
        }
        if (byName.isEmpty()) {
            return "not recorded";
        }
        StringBuilder b = new StringBuilder();
        byName.forEach((k, v) -> b.append(b.isEmpty() ? "" : "; ").append(k).append(" (").append(String.join(", ", v))
                .append(')'));
        return b.toString();
    }

    static String cpu() {
        String model = "unknown CPU";
        String family = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int c = line.indexOf(':');
                if (c < 0) {
                    continue;
                }
                String k = line.substring(0, c).trim();
                String v = line.substring(c + 1).trim();
                if (k.equals("model name") && model.equals("unknown CPU")) {
                    model = v;
                } else if (k.equals("cpu family") && family.equals("?")) {
                    family = v;
                }
            }
        } catch (IOException e) {
            // not Linux: the model stays unknown
        }
        return String.format(Locale.ROOT, "%s (family %s), %d CPUs", model, family,
                Runtime.getRuntime().availableProcessors());
    }

    static String f(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f%%", 100 * v) : "-";
    }

    static String x(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2fx", v) : "-";
    }

    // ---- sections ----

    void sections(Path docs, String command, Map<Path, Map<String, String>> edits) {
        Path perf = docs.resolve("performance.md");
        if (has("BandwidthBench", "FmaPeakBench", "KernelBench", "KernelScalarBench", "MatmulBench")) {
            edits.computeIfAbsent(perf, k -> new LinkedHashMap<>()).put("kernels", kernels(command));
        }
        if (has("DecodeBench", "PeerEndToEndBench")) {
            edits.computeIfAbsent(perf, k -> new LinkedHashMap<>()).put("decode", decode(command));
        }
        if (has("PeerMatvecBench", "PeerMatmulBench", "PeerEndToEndBench")) {
            edits.computeIfAbsent(perf, k -> new LinkedHashMap<>()).put("peers", peers(command));
        }
        if (has("KernelBench", "KernelScalarBench", "MatmulBench", "DecodeBench", "PeerMatvecBench", "PeerMatmulBench")) {
            edits.computeIfAbsent(perf, k -> new LinkedHashMap<>()).put("targets", targets(command));
        }
        if (has("ProtectionOverheadBench", "ScrubPassBench", "InjectorSeamBench")) {
            edits.computeIfAbsent(docs.resolve("protection.md"), k -> new LinkedHashMap<>())
                    .put("protection-overhead", protection(command));
        }
        if (has("BudgetedDecodeBench")) {
            edits.computeIfAbsent(docs.resolve("hardware-profiles.md"), k -> new LinkedHashMap<>())
                    .put("budgeted-decode", budgeted(command));
        }
    }

    String kernels(String command) {
        StringBuilder b = new StringBuilder();
        b.append(header("1 and 2")).append('\n').append("Command: `").append(command).append("`.\n\n");
        b.append("| probe | threads | figure |\n| --- | --- | --- |\n");
        for (int t = 1; t <= 2; t++) {
            b.append("| read bandwidth, 1 GiB off-heap, vectorized sum | ").append(t).append(" | ")
                    .append(f(bandwidth(t), 1)).append(" GB/s |\n");
        }
        for (int t = 1; t <= 2; t++) {
            b.append("| f32 FMA peak, ").append(FmaPeakBench.CHAINS).append(" independent chains | ").append(t)
                    .append(" | ").append(f(fmaPeak(t), 1)).append(" GFLOP/s |\n");
        }
        b.append("\nMatvec `y = W x` (`shape` = rows x cols; `int` = integer path with the activations rounded to"
                + " Q8_0 inside the timed call; % BW = weight GB/s over the read bandwidth at the same threads):\n\n");
        b.append("| kernel | shape | threads | us/op | weight GB/s | GFLOP/s | % BW | vector/scalar | 1->2 threads |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : of("KernelBench")) {
            GgmlType t = type(r.p("kernel"));
            double gbs = weightGbs(r, t);
            Row scalar = r.threads() == 1 ? find("KernelScalarBench",
                    s -> s.p("kernel").equals(r.p("kernel")) && s.p("shape").equals(r.p("shape"))) : null;
            Row one = r.threads() == 2 ? find("KernelBench", s -> s.threads() == 1
                    && s.p("kernel").equals(r.p("kernel")) && s.p("shape").equals(r.p("shape"))) : null;
            b.append("| ").append(r.p("kernel")).append(" | ").append(r.p("shape")).append(" | ").append(r.threads())
                    .append(" | ").append(f(1e6 / r.score, 0)).append(" | ").append(f(gbs, 1)).append(" | ")
                    .append(f(gflops(r), 1)).append(" | ").append(pct(gbs / bandwidth(r.threads()))).append(" | ")
                    .append(scalar == null ? "" : x(r.score / scalar.score)).append(" | ")
                    .append(one == null ? "" : x(r.score / one.score)).append(" |\n");
        }
        List<Row> scalars = of("KernelScalarBench");
        if (!scalars.isEmpty()) {
            b.append("\nScalar twins (`KernelProvider.choose(\"scalar\", null)`), 1 thread:\n\n");
            b.append("| kernel | shape | us/op | weight GB/s | GFLOP/s |\n| --- | --- | --- | --- | --- |\n");
            for (Row r : scalars) {
                b.append("| ").append(r.p("kernel")).append(" | ").append(r.p("shape")).append(" | ")
                        .append(f(1e6 / r.score, 0)).append(" | ").append(f(weightGbs(r, type(r.p("kernel"))), 2))
                        .append(" | ").append(f(gflops(r), 2)).append(" |\n");
            }
        }
        List<Row> mm = of("MatmulBench");
        if (!mm.isEmpty()) {
            b.append("\nMatmul `Y = W X` (prefill; vs matvec/column = matmul GFLOP/s over the same kernel's matvec"
                    + " GFLOP/s at the same shape and threads; % FMA = share of the measured f32 FMA peak):\n\n");
            b.append("| kernel | shape | batch | threads | ms/op | GFLOP/s | % FMA peak | vs matvec/column |\n");
            b.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (Row r : mm) {
                Row mv = find("KernelBench", s -> s.threads() == r.threads() && s.p("kernel").equals(r.p("kernel"))
                        && s.p("shape").equals(r.p("shape")));
                b.append("| ").append(r.p("kernel")).append(" | ").append(r.p("shape")).append(" | ").append(r.p("batch"))
                        .append(" | ").append(r.threads()).append(" | ").append(f(1e3 / r.score, 2)).append(" | ")
                        .append(f(gflops(r), 1)).append(" | ").append(pct(gflops(r) / fmaPeak(r.threads())))
                        .append(" | ").append(mv == null ? "-" : x(gflops(r) / gflops(mv))).append(" |\n");
            }
        }
        return b.toString();
    }

    /** Decode tokens/s of {@link DecodeBench} at {@code threads}, or NaN. */
    double decodeRate(int threads) {
        Row r = find("DecodeBench", x -> x.method.equals("decode") && x.threads() == threads);
        return r == null ? Double.NaN : r.score;
    }

    /**
     * Decode's weight bytes per second over the read bandwidth of the same seconds ({@code
     * DecodeBench.interleaved} at {@code threads}), or NaN when that method was not run.
     */
    double interleavedDecodeShare(int threads) {
        Row r = find("DecodeBench", x -> x.method.equals("interleaved") && x.threads() == threads);
        return r == null ? Double.NaN : interleavedWeightGbs(r) / interleavedReadGbs(r);
    }

    /** Weight GB/s while decoding, from a {@code DecodeBench.interleaved} row's aux counters. */
    private static double interleavedWeightGbs(Row r) {
        return r.s("tokens") * SyntheticLlama.streamedBytesPerToken() / r.s("decodeNanos");
    }

    /** Read GB/s of the same row's passes. */
    private static double interleavedReadGbs(Row r) {
        return r.s("passes") * BandwidthBench.BYTES / r.s("readNanos");
    }

    String decode(String command) {
        StringBuilder b = new StringBuilder();
        long perToken = SyntheticLlama.streamedBytesPerToken();
        b.append(header("1 and 2")).append('\n').append("Command: `").append(command).append("`.\n\n");
        b.append(String.format(Locale.ROOT, "Model: synthetic llama, dim %d, %d layers, %d heads (%d KV), ffn %d, vocab %d,"
                        + " Q8_0, %.2f GB of weights, %.1f MB streamed per token; positions 0..%d, no protection,"
                        + " integer path.%n%n", SyntheticLlama.CONFIG.dim(), SyntheticLlama.CONFIG.layers(),
                SyntheticLlama.CONFIG.heads(), SyntheticLlama.CONFIG.kvHeads(), SyntheticLlama.CONFIG.hiddenDim(),
                SyntheticLlama.CONFIG.vocab(), SyntheticLlama.weightBytes() / 1e9, perToken / 1e6, DecodeLoop.WINDOW - 1));
        if (has("DecodeBench")) {
            b.append("| weights | threads | tokens/s | weight GB/s | % of read bandwidth | 1->2 threads |\n");
            b.append("| --- | --- | --- | --- | --- | --- |\n");
            for (Row r : of("DecodeBench").stream().filter(x -> x.method.equals("decode")).toList()) {
                double gbs = r.score * perToken / 1e9;
                b.append("| in memory (`Model.fromWeights`) | ").append(r.threads()).append(" | ").append(f(r.score, 2))
                        .append(" | ").append(f(gbs, 1)).append(" | ").append(pct(gbs / bandwidth(r.threads())))
                        .append(" | ").append(r.threads() == 2 ? x(r.score / decodeRate(1)) : "").append(" |\n");
            }
        }
        List<Row> mixed = of("DecodeBench").stream().filter(x -> x.method.equals("interleaved")).toList();
        if (!mixed.isEmpty()) {
            b.append("\nThe same decode interleaved with the read pass (`DecodeBench.interleaved`: each call decodes one"
                    + " token and reads `BandwidthBench`'s 1 GiB once, the first of the two alternating; both timed"
                    + " apart, so the two rates come from the same seconds). The decode target is judged here:\n\n");
            b.append("| threads | tokens | tokens/s | weight GB/s | read passes | read GB/s, same seconds |"
                    + " % of read bandwidth |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            for (Row r : mixed) {
                double weight = interleavedWeightGbs(r);
                double read = interleavedReadGbs(r);
                b.append("| ").append(r.threads()).append(" | ").append(f(r.s("tokens"), 0)).append(" | ")
                        .append(f(r.s("tokens") / (r.s("decodeNanos") / 1e9), 2)).append(" | ").append(f(weight, 1))
                        .append(" | ").append(f(r.s("passes"), 0)).append(" | ").append(f(read, 1)).append(" | ")
                        .append(pct(weight / read)).append(" |\n");
            }
        }
        List<Row> e2e = of("PeerEndToEndBench");
        if (!e2e.isEmpty()) {
            b.append("\nThe same model from its GGUF file (`Model.load`, copy-on-write mapping):\n\n");
            b.append("| phase | threads | tokens/s | weight GB/s | % of read bandwidth |\n| --- | --- | --- | --- | --- |\n");
            for (Row r : e2e) {
                boolean prefill = r.p("phase").equals("prefill");
                int prompt = Integer.parseInt(r.params.getOrDefault("prompt", "1"));
                double tps = prefill ? r.score * prompt : r.score;
                // Decode streams the weights once per token, prefill once per pass over the prompt.
                double gbs = r.score * perToken / 1e9;
                b.append("| ").append(prefill ? "prefill " + prompt + " tokens" : "decode").append(" | ")
                        .append(r.threads()).append(" | ").append(f(tps, 2)).append(" | ").append(f(gbs, 1))
                        .append(" | ").append(pct(gbs / bandwidth(r.threads()))).append(" |\n");
            }
        }
        return b.toString();
    }

    String peers(String command) {
        StringBuilder b = new StringBuilder();
        String threads = rows.stream().filter(r -> r.bench.startsWith("Peer")).map(r -> String.valueOf(r.threads()))
                .distinct().reduce((a, c) -> a + ", " + c).orElse("-");
        b.append(header(threads)).append('\n').append("Command: `").append(command).append("`.\n\n");
        b.append("radinfer (its start-up kernels, integer path for Q8_0/Q4_0) against jlama-core's Panama tensor"
                + " operations (`dotProductChunk` -> `batchDotProduct`; Q4 with I8 activations rounded in the timed"
                + " call), same worker pool, threads and random weights. Jlama's Q4 blocks carry a float scale"
                + " (20 bytes per 32 weights) where Q4_0 carries an f16 (18 bytes), so GB/s is each engine's own"
                + " bytes; the ratio compares time per product.\n\n");
        b.append("| type | shape | batch | threads | radinfer | Jlama | radinfer/Jlama |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        List<Row> all = new ArrayList<>(of("PeerMatvecBench"));
        all.addAll(of("PeerMatmulBench"));
        for (Row r : all) {
            if (!r.p("kernel").startsWith("radinfer/")) {
                continue;
            }
            String t = r.p("kernel").substring("radinfer/".length());
            Row j = find(r.bench, s -> s.p("kernel").equals("jlama/" + t) && s.p("shape").equals(r.p("shape"))
                    && s.p("batch").equals(r.p("batch")) && s.p("threads").equals(r.p("threads")));
            boolean matvec = r.p("batch").equals("1");
            b.append("| ").append(t).append(" | ").append(r.p("shape")).append(" | ").append(r.p("batch")).append(" | ")
                    .append(r.threads()).append(" | ").append(peerFigure(r, t, matvec)).append(" | ")
                    .append(j == null ? jlamaMissing(t, r.p("shape")) : peerFigure(j, t, matvec)).append(" | ")
                    .append(j == null ? "-" : x(r.score / j.score)).append(" |\n");
        }
        JsonNode probe = probe();
        b.append("\nEnd to end (the synthetic GGUF of the decode section): ");
        Row dec = find("PeerEndToEndBench", r -> r.p("phase").equals("decode"));
        Row pre = find("PeerEndToEndBench", r -> r.p("phase").equals("prefill"));
        b.append("radinfer decodes ").append(dec == null ? "-" : f(dec.score, 2)).append(" tokens/s and prefills ")
                .append(pre == null ? "-" : f(pre.score * Integer.parseInt(pre.p("prompt")), 2))
                .append(" tokens/s");
        if (pre != null) {
            b.append(" (prompt of ").append(pre.p("prompt")).append(")");
        }
        b.append(". Jlama: ");
        String load = probe == null ? null : probe.path("load_gguf").asText(null);
        if (load == null) {
            b.append("not probed in this run (run `JlamaProbe`).\n");
        } else if (load.equals("ok")) {
            b.append("loaded the file, but this report has no Jlama end-to-end benchmark yet.\n");
        } else {
            b.append("cannot load a GGUF file — `ModelSupport.loadModel` on it fails with `").append(load)
                    .append("` (jlama-core reads Hugging Face safetensors directories only), so the engines are"
                            + " compared at the kernel level above.\n");
        }
        return b.toString();
    }

    static String peerFigure(Row r, String type, boolean matvec) {
        if (matvec) {
            int[] s = BenchSupport.shape(r.p("shape"));
            long bytes = r.p("kernel").startsWith("jlama/") && type.equals("Q4_0")
                    ? (long) s[0] * (s[1] / 2 + s[1] / 32 * Float.BYTES)
                    : BenchSupport.weightBytes(GgmlType.valueOf(type), s[0], s[1]);
            return f(1e6 / r.score, 0) + " us, " + f(r.score * bytes / 1e9, 1) + " GB/s";
        }
        return f(1e3 / r.score, 1) + " ms, " + f(gflops(r), 1) + " GFLOP/s";
    }

    String jlamaMissing(String type, String shape) {
        JsonNode probe = probe();
        if (type.equals("Q8_0")) {
            String why = probe == null ? null : probe.path("q8_weights_i8_activations").asText(null);
            return "n/a: no 8-bit weight kernel" + (why == null ? "" : " (`" + why + "`)");
        }
        int cols = BenchSupport.shape(shape)[1];
        String why = probe == null ? null : probe.path("q4_weights_rows_of_" + cols).asText(null);
        if (type.equals("Q4_0") && why != null && !why.equals("ok")) {
            return "fails on rows of " + cols + " (`" + why + "`)";
        }
        return "-";
    }

    JsonNode probe() {
        Path p = benchOut.resolve("peers").resolve("jlama-probe.json");
        try {
            return Files.isRegularFile(p) ? new ObjectMapper().readTree(p.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** One target of the issues, its figure and whether it is met. */
    record Target(String issue, String target, String figure, Boolean met) {
    }

    String targets(String command) {
        List<Target> ts = new ArrayList<>();
        for (String type : List.of("Q8_0", "Q4_0")) {
            for (String shape : DRAM_SHAPES) {
                Row r = find("KernelBench", s -> s.threads() == 2 && s.p("kernel").equals(type + "/int")
                        && s.p("shape").equals(shape));
                double share = r == null ? Double.NaN : weightGbs(r, GgmlType.valueOf(type)) / bandwidth(2);
                ts.add(new Target("2", type + " matvec (int) " + shape + ", 2 threads >= 85% of read bandwidth",
                        pct(share), met(share, 0.85)));
                ts.add(new Target("8", type + " matvec (int) " + shape + ", 2 threads >= 90% of read bandwidth",
                        pct(share), met(share, 0.90)));
            }
        }
        for (Row r : of("KernelBench")) {
            if (r.threads() != 1) {
                continue;
            }
            Row s = find("KernelScalarBench", q -> q.p("kernel").equals(r.p("kernel")) && q.p("shape").equals(r.p("shape")));
            double ratio = s == null ? Double.NaN : r.score / s.score;
            ts.add(new Target("2", r.p("kernel") + " " + r.p("shape") + ", 1 thread: vector >= 4x scalar", x(ratio),
                    met(ratio, 4)));
        }
        for (int t = 1; t <= 2; t++) {
            int th = t;
            Row mm = find("MatmulBench", r -> r.p("kernel").equals("Q8_0/int") && r.p("batch").equals("128")
                    && r.threads() == th);
            Row mv = mm == null ? null : find("KernelBench", r -> r.p("kernel").equals("Q8_0/int")
                    && r.p("shape").equals(mm.p("shape")) && r.threads() == th);
            double ratio = mm == null || mv == null ? Double.NaN : gflops(mm) / gflops(mv);
            ts.add(new Target("2", "Q8_0 matmul batch 128 >= 4x matvec per column, " + t + " thread" + (t > 1 ? "s" : ""),
                    x(ratio), met(ratio, 4)));
        }
        for (String type : List.of("Q8_0/int", "Q4_0/int")) {
            for (int t = 1; t <= 2; t++) {
                int th = t;
                Row mm = find("MatmulBench", r -> r.p("kernel").equals(type) && r.p("batch").equals("128")
                        && r.threads() == th);
                double share = mm == null ? Double.NaN : gflops(mm) / fmaPeak(th);
                ts.add(new Target("8", type.replace("/int", "") + " prefill matmul batch 128 (integer path) >= 60% of"
                        + " the f32 FMA peak, " + t + " thread" + (t > 1 ? "s" : "") + " (peak " + f(fmaPeak(th), 1)
                        + " GFLOP/s)", pct(share), met(share, 0.60)));
            }
        }
        // Judged on the interleaved run when there is one: its two rates come from the same seconds.
        double mixedDec = interleavedDecodeShare(2);
        boolean same = !Double.isNaN(mixedDec);
        double dec = same ? mixedDec : decodeRate(2) * SyntheticLlama.streamedBytesPerToken() / 1e9 / bandwidth(2);
        String how = same ? " (interleaved with the read pass)" : "";
        ts.add(new Target("3", "decode, DRAM-bound synthetic model, 2 threads >= 80% of read bandwidth" + how,
                pct(dec), met(dec, 0.80)));
        ts.add(new Target("8", "decode, 2 threads >= 90% of read bandwidth" + how, pct(dec), met(dec, 0.90)));
        List<Row> peers = new ArrayList<>(of("PeerMatvecBench"));
        peers.addAll(of("PeerMatmulBench"));
        for (Row r : peers) {
            if (!r.p("kernel").equals("radinfer/Q8_0") && !r.p("kernel").equals("radinfer/Q4_0")) {
                continue;
            }
            String t = r.p("kernel").substring("radinfer/".length());
            Row j = find(r.bench, s -> s.p("kernel").equals("jlama/" + t) && s.p("shape").equals(r.p("shape"))
                    && s.p("batch").equals(r.p("batch")) && s.p("threads").equals(r.p("threads")));
            double ratio = j == null ? Double.NaN : r.score / j.score;
            ts.add(new Target("8", t + (r.p("batch").equals("1") ? " matvec " : " matmul batch " + r.p("batch") + " ")
                    + r.p("shape") + ", " + r.threads() + " threads: radinfer >= 1.5x Jlama",
                    j == null ? "no Jlama figure (see peers)" : x(ratio), j == null ? null : met(ratio, 1.5)));
        }
        StringBuilder b = new StringBuilder();
        b.append(header("as listed")).append('\n').append("Command: `").append(command).append("`.\n\n");
        b.append("| issue | target | measured | met |\n| --- | --- | --- | --- |\n");
        for (Target t : ts) {
            b.append("| ").append(t.issue).append(" | ").append(t.target).append(" | ").append(t.figure).append(" | ")
                    .append(t.met == null ? "not measured" : t.met ? "met" : "not met").append(" |\n");
        }
        return b.toString();
    }

    static Boolean met(double v, double target) {
        return Double.isFinite(v) ? v >= target : null;
    }

    String protection(String command) {
        StringBuilder b = new StringBuilder();
        b.append(header("2")).append('\n').append("Command: `").append(command).append("`.\n\n");
        List<Row> ps = of("ProtectionOverheadBench").stream().filter(r -> r.method.equals("decode")).toList();
        Row none = find("ProtectionOverheadBench",
                r -> r.method.equals("decode") && r.p("mode").equals("none") && r.p("scrub").equals("off"));
        Map<String, Double> targets = Map.of("none", 1.0, "checksum", 0.95, "dmr", 0.48, "tmr", 0.32);
        Row mixed = find("ProtectionOverheadBench", r -> r.method.equals("interleaved"));
        if (mixed != null) {
            double rounds = mixed.s("rounds");
            double noneNs = mixed.s("none");
            b.append(String.format(Locale.ROOT, "Decode of the DRAM-bound synthetic model (dim 2048, 16 layers, Q8_0,"
                    + " ~1 GB), the presets interleaved token by token in each fork (`ProtectionOverheadBench.interleaved`,"
                    + " %.0f tokens per preset, %s threads, scrubbing off); ratio = `none`'s decode time over the"
                    + " preset's. The targets are judged here:%n%n", rounds, mixed.p("threads")));
            b.append("| mode | tokens/s | ratio vs none | target | met |\n| --- | --- | --- | --- | --- |\n");
            for (String mode : ProtectionOverheadBench.PRESETS) {
                double ns = mixed.s(mode);
                double ratio = noneNs / ns;
                Double target = targets.get(mode);
                boolean ref = mode.equals("none");
                Boolean m = ref ? null : met(ratio, target);
                b.append("| ").append(mode).append(" | ").append(f(rounds / (ns / 1e9), 2)).append(" | ")
                        .append(f(ratio, 3)).append(" | ").append(ref ? "" : ">= " + f(target, 2)).append(" | ")
                        .append(m == null ? "" : m ? "met" : "not met").append(" |\n");
            }
            if (!ps.isEmpty()) {
                b.append('\n');
            }
        }
        if (!ps.isEmpty()) {
            b.append(mixed == null
                    ? "Decode of the DRAM-bound synthetic model (dim 2048, 16 layers, Q8_0, ~1 GB), 2 threads, "
                            + "ratio = tokens/s over `none` with scrubbing off, same run:\n\n"
                    : "The same model with each preset in its own forks (`ProtectionOverheadBench.decode`), ratio ="
                            + " tokens/s over `none` with scrubbing off, same run; forks minutes apart carry the host's"
                            + " changing load, so the targets are not judged here:\n\n");
            b.append("| mode | scrub | tokens/s | ratio vs none | target | met |\n| --- | --- | --- | --- | --- | --- |\n");
            for (Row r : ps) {
                double ratio = none == null ? Double.NaN : r.score / none.score;
                Double target = targets.get(r.p("mode"));
                boolean scrubOn = r.p("scrub").equals("default");
                boolean judged = !scrubOn && mixed == null && target != null && !r.p("mode").equals("none");
                String tgt = judged ? ">= " + f(target, 2) : "";
                Boolean m = judged ? met(ratio, target) : null;
                b.append("| ").append(r.p("mode")).append(" | ")
                        .append(scrubOn ? "every " + ProtectionPolicy.DEFAULT_SCRUB_PERIOD.toSeconds() + " s" : "off")
                        .append(" | ").append(f(r.score, 2)).append(" | ").append(f(ratio, 3)).append(" | ").append(tgt)
                        .append(" | ").append(m == null ? "" : m ? "met" : "not met").append(" |\n");
            }
            b.append("\nWith scrub on, the ratio is against the same mode with scrub off:");
            for (Row r : ps) {
                if (!r.p("scrub").equals("default")) {
                    continue;
                }
                Row off = find("ProtectionOverheadBench", q -> q.method.equals("decode") && q.p("mode").equals(r.p("mode"))
                        && q.p("scrub").equals("off"));
                b.append(" ").append(r.p("mode")).append(" ").append(off == null ? "-" : f(r.score / off.score, 3)).append(';');
            }
            b.setLength(b.length() - 1);
            b.append(". A short run's measurement window is shorter than the 60 s period, so these mostly show an"
                    + " armed scrubber; the amortised cost below is the pass itself.\n");
        }
        Row pass = find("ScrubPassBench", r -> true);
        if (pass != null) {
            double ms = pass.unit.startsWith("ms") ? pass.score : Double.NaN;
            double share = ms / 1000 / ProtectionPolicy.DEFAULT_SCRUB_PERIOD.toSeconds();
            b.append(String.format(Locale.ROOT, "%nOne scrub pass (CRC32C of all %.2f GB of weights, one thread): %s ms;"
                            + " at the default period of %d s it takes %s of one core (target: scrubbing <= 2%%: %s).%n",
                    SyntheticLlama.weightBytes() / 1e9, f(ms, 1), ProtectionPolicy.DEFAULT_SCRUB_PERIOD.toSeconds(),
                    Double.isFinite(share) ? String.format(Locale.ROOT, "%.2f%%", 100 * share) : "-",
                    Double.isFinite(share) ? share <= 0.02 ? "met" : "not met" : "not measured"));
        }
        Row absent = find("InjectorSeamBench", r -> r.p("injector").equals("absent"));
        Row noop = find("InjectorSeamBench", r -> r.p("injector").equals("noop"));
        if (absent != null || noop != null) {
            double ratio = absent == null || noop == null ? Double.NaN : noop.score / absent.score;
            b.append(String.format(Locale.ROOT, "%nFault-injection seams, mode none, 2 threads: no injector %s tokens/s,"
                            + " a do-nothing injector %s tokens/s, ratio %s (target: seams cost <= 1%%: %s). The"
                            + " do-nothing injector makes every seam call, a superset of the null checks left when none is"
                            + " attached, so its cost bounds theirs; noise of the same size as the difference means the"
                            + " cost is below what this run resolves.%n",
                    absent == null ? "-" : f(absent.score, 2), noop == null ? "-" : f(noop.score, 2), f(ratio, 3),
                    Double.isFinite(ratio) ? ratio >= 0.99 ? "met" : "not met" : "not measured"));
        }
        return b.toString();
    }

    String budgeted(String command) {
        StringBuilder b = new StringBuilder();
        b.append(header("as simulated; host measured at 2")).append('\n').append("Command: `").append(command)
                .append("`.\n\n");
        Path dir = benchOut.resolve("budgeted");
        List<JsonNode> sims = new ArrayList<>();
        for (Row r : of("BudgetedDecodeBench")) {
            Path f = dir.resolve(r.p("profile") + "-" + r.p("budget") + ".json");
            try {
                if (Files.isRegularFile(f)) {
                    sims.add(new ObjectMapper().readTree(f.toFile()));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        String cal = sims.isEmpty() ? "-" : sims.getFirst().path("calibration").asText();
        b.append("Simulated with the hardware-profiles simulator: the DecodeBench model's shape"
                + " (bench-llama-2048x16-q8_0), leo-550, one orbit in 5 s steps, governor on, no protection; budget"
                + " `full` = the board's full CPU power, `half` = idle plus half the step to full; limit 10 K under the"
                + " first throttle trip. Calibration: ").append(cal).append(".\n\n");
        b.append("| profile | budget | W | t-max C | simulated tok/s | flat out tok/s | J/token | avg W | peak C | violations | host measured tok/s |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (JsonNode s : sims) {
            String prof = s.path("profile").asText();
            b.append("| ").append(prof).append(" | ").append(s.path("budget").asText()).append(" | ")
                    .append(f(s.path("budget_w").asDouble(Double.NaN), 2)).append(" | ")
                    .append(f(s.path("t_max_c").asDouble(Double.NaN), 0)).append(" | ");
            if (s.has("error")) {
                b.append("cannot run: ").append(s.path("error").asText().replace("|", "/")).append(" | | | | | | ");
            } else {
                b.append(f(s.path("tokens_per_s").asDouble(Double.NaN), 2)).append(" | ")
                        .append(f(s.path("flat_out_tokens_per_s").asDouble(Double.NaN), 2)).append(" | ")
                        .append(f(num(s.path("energy_per_token_j")), 3)).append(" | ")
                        .append(f(s.path("avg_power_w").asDouble(Double.NaN), 2)).append(" | ")
                        .append(f(s.path("peak_temperature_c").asDouble(Double.NaN), 1)).append(" | ")
                        .append(s.path("budget_violations").asInt()).append(" | ");
            }
            b.append(prof.equals("host") ? f(decodeRate(2), 2) + " (DecodeBench, 2 threads, flat out)" : "").append(" |\n");
        }
        return b.toString();
    }

    private static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    // ---- the calibration file ----

    void writeCalibration(Path file, String command) throws IOException {
        List<CalibrationPoint> points = new ArrayList<>();
        for (int t = 1; t <= 2; t++) {
            int th = t;
            Row mv = find("KernelBench", r -> r.threads() == th && r.p("kernel").equals("Q8_0/int")
                    && r.p("shape").equals(BenchSupport.SHAPE_TALL));
            Row mm = find("MatmulBench", r -> r.threads() == th && r.p("kernel").equals("Q8_0/int")
                    && r.p("batch").equals("64"));
            double bw = bandwidth(t);
            if (mv == null || mm == null || !Double.isFinite(bw)) {
                System.out.println("calibration: no point for " + t + " thread(s) (needs BandwidthBench, KernelBench"
                        + " Q8_0/int " + BenchSupport.SHAPE_TALL + " and MatmulBench Q8_0/int batch 64)");
                continue;
            }
            points.add(new CalibrationPoint(t, bw, weightGbs(mv, GgmlType.Q8_0), gflops(mm)));
        }
        if (points.isEmpty()) {
            System.out.println("calibration: not written (" + file + ")");
            return;
        }
        HostCalibration cal = new HostCalibration(file.toString(), cpu(), Instant.now().truncatedTo(ChronoUnit.SECONDS)
                .toString(), command, points);
        cal.write(file);
        try {
            HostCalibration back = HostCalibration.load(file);
            KernelEfficiency.from(ProfileLoader.builtIn("host").withCalibration(back), back);
            System.out.println("calibration: wrote " + file);
        } catch (ProfileException e) {
            Files.delete(file);
            System.out.println("calibration: measured rates rejected by the simulator, file removed (the host"
                    + " profile's defaults apply): " + e.getMessage());
        }
    }

    // ---- the docs ----

    static void rewrite(Path file, Map<String, String> sections) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist; run the report from the repository root or give --docs");
        }
        String text = Files.readString(file);
        for (var e : sections.entrySet()) {
            String begin = "<!-- " + e.getKey() + ":begin -->";
            String end = "<!-- " + e.getKey() + ":end -->";
            int b = text.indexOf(begin);
            int en = text.indexOf(end);
            if (b < 0 || en < b) {
                throw new IOException(file + " has no section " + begin + " ... " + end + "; add the two markers where"
                        + " the table belongs");
            }
            text = text.substring(0, b + begin.length()) + "\n" + e.getValue().strip() + "\n" + text.substring(en);
        }
        Files.writeString(file, Objects.requireNonNull(text));
    }
}
