package io.radinfer.cli;

import io.radinfer.kernels.check.KernelSelfCheck;
import io.radinfer.kernels.check.QuickBench;
import io.radinfer.kernels.ops.KernelProvider;
import io.radinfer.kernels.ops.Kernels;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.SessionStats;
import io.radinfer.runtime.inject.FaultInjector;
import io.radinfer.runtime.inject.OpSite;
import io.radinfer.runtime.model.OpKind;
import io.radinfer.runtime.protect.ProtectionPreset;
import io.radinfer.runtime.sample.Samplers;
import io.radinfer.runtime.tokenizer.TokenDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code radinfer demo}, the main job: says which kernels were picked, checks the Vector API kernels against
 * the scalar reference on random data ({@link KernelSelfCheck}), times the decode matvecs against the
 * measured memory bandwidth ({@link QuickBench}), then generates on the built-in model (or {@code --model})
 * and shows what the protection layer is for — the same generation with one bit flipped in a kernel's
 * output, unprotected and under {@code checksum}. Exits with 1 if the self-check found an op outside its
 * error bound.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check the SIMD kernels against the scalar reference, time them against memory bandwidth, then "
                + "generate on the built-in model (synthetic weights; no download), flip a bit in a kernel's output "
                + "and show checksum protection catching it.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "prompt (default: ${DEFAULT-VALUE})")
    String prompt = "once upon a time";

    @Option(names = "--steps", paramLabel = "N", description = "positions to fill, prompt included (default: ${DEFAULT-VALUE})")
    int steps = 64;

    @Option(names = "--self-check-seconds", paramLabel = "S",
            description = "seconds of kernel self-check, 0 for one quick round (default: ${DEFAULT-VALUE})")
    double selfCheckSeconds = 10;

    @Option(names = "--bench-seconds", paramLabel = "S",
            description = "timed seconds per benchmark row (default: ${DEFAULT-VALUE})")
    double benchSeconds = 0.25;

    @Option(names = "--skip-bench", description = "skip the kernel benchmark")
    boolean skipBench;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!(selfCheckSeconds >= 0 && selfCheckSeconds <= 3600)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--self-check-seconds must be in 0..3600, got " + selfCheckSeconds);
        }
        if (!(benchSeconds > 0 && benchSeconds <= 60)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--bench-seconds must be in (0, 60], got " + benchSeconds);
        }
        boolean checkPassed = kernels(out);
        try (Model m = model.load(out)) {
            out.printf("%s model: %d layers, width %d, %d heads (%d KV), vocabulary %d, %d MB of weights (%s), "
                    + "kernels %s%n", m.format(), m.config().layers(), m.config().dim(), m.config().heads(),
                    m.config().kvHeads(), m.config().vocab(), m.weightBytes() >> 20, m.weightsMemory(),
                    m.kernels().name());
            int[] promptIds = m.tokenizer() != null ? m.tokenizer().encode(prompt, m.addBos(), false) : new int[] {m.bos()};
            int limit = Math.min(steps, m.config().contextLength());

            generate(m, promptIds, Math.min(limit, promptIds.length + 24), ProtectionPreset.CHECKSUM, null); // JIT warm-up
            out.println();
            out.println("== generation (temperature 0.8, top-p 0.9, seed 42, " + model.threads + " threads)");
            Run plain = generate(m, promptIds, limit, ProtectionPreset.NONE, null);
            out.println(text(m, promptIds, plain.ids));
            out.printf("prefill %.1f tok/s, decode %.1f tok/s%n", plain.stats.prefillTokensPerSecond(),
                    plain.stats.decodeTokensPerSecond());

            out.println();
            int at = promptIds.length + Math.min(8, Math.max(0, limit - promptIds.length - 2));
            out.println("== one bit flip: bit 30 of the first FFN down-projection output value, layer 1, position " + at);
            Run hit = generate(m, promptIds, limit, ProtectionPreset.NONE, new Flip(at));
            out.printf("  none:     %s; %s%n", compare(plain.ids, hit.ids), hit.stats.protectionSummary());
            Run fixed = generate(m, promptIds, limit, ProtectionPreset.CHECKSUM, new Flip(at));
            out.printf("  checksum: %s; %s%n", compare(plain.ids, fixed.ids), fixed.stats.protectionSummary());
            out.printf("  checksum decode %.1f tok/s (unprotected %.1f)%n", fixed.stats.decodeTokensPerSecond(),
                    plain.stats.decodeTokensPerSecond());
        }
        return checkPassed ? 0 : 1;
    }

    /** Prints the kernel choice, the self-check and the benchmark; false if the self-check failed. */
    private boolean kernels(PrintWriter out) {
        KernelProvider.Choice choice = KernelProvider.choice();
        Kernels k = choice.kernels();
        out.printf("== kernels: %s (%s)%n", k.name(), choice.reason());
        boolean passed = true;
        if (k.vectorBits() == 0) {
            out.println("self-check skipped: the scalar kernels are the reference themselves");
        } else {
            out.printf("self-check: %s vs scalar on random shapes for %.0f s ...%n", k.name(), selfCheckSeconds);
            out.flush();
            KernelSelfCheck.Report r = new KernelSelfCheck(k).run(selfCheckSeconds, System.nanoTime());
            passed = r.passed();
            long cases = r.results().stream().mapToLong(KernelSelfCheck.Result::cases).sum();
            KernelSelfCheck.Result worst = r.results().stream()
                    .max(java.util.Comparator.comparingDouble(KernelSelfCheck.Result::worst)).orElseThrow();
            out.printf("self-check: %d ops, %d cases in %.1f s: %s (worst: %s at %.2f of its error bound; "
                    + "integer sums, Q8 rounding, RoPE and add exact)%n", r.results().size(), cases, r.seconds(),
                    passed ? "all within bounds" : "FAILED", worst.op(), worst.worst());
            if (!passed) {
                out.print(r.table());
            }
        }
        if (!skipBench) {
            out.println();
            out.printf("== quick benchmark: matvec y = W x, %s, %.2f s per row (noisy; JMH benchmarks for figures)%n",
                    k.name(), benchSeconds);
            out.flush();
            out.print(new QuickBench(k, benchSeconds).run().table());
        }
        out.println();
        return passed;
    }


    private record Run(List<Integer> ids, SessionStats stats) {
    }

    private Run generate(Model m, int[] promptIds, int limit, ProtectionPreset protect, FaultInjector injector) {
        SessionOptions o = model.session(limit, protect).withInjector(injector);
        try (Session s = m.newSession(o)) {
            List<Integer> ids = new ArrayList<>();
            s.generate(promptIds, limit, Samplers.runC(0.8f, 0.9f, 42, m.config().vocab()), (t, pos) -> ids.add(t));
            return new Run(ids, s.stats());
        }
    }

    private static String text(Model m, int[] prompt, List<Integer> ids) {
        if (m.tokenizer() == null) {
            return ids.toString();
        }
        TokenDecoder d = m.tokenizer().newDecoder();
        StringBuilder sb = new StringBuilder();
        for (int t : prompt) {
            d.next(t, sb);
        }
        for (int t : ids) {
            d.next(t, sb);
        }
        d.flush(sb);
        return sb.toString();
    }

    private static String compare(List<Integer> ref, List<Integer> got) {
        int n = Math.min(ref.size(), got.size());
        for (int i = 0; i < n; i++) {
            if (!ref.get(i).equals(got.get(i))) {
                return "output DIFFERS from token " + i + " on (silent data corruption)";
            }
        }
        return ref.size() == got.size() ? "output identical" : "output differs in length";
    }

    /** Flips bit 30 of the first output value of layer 1's FFN down projection at one position, once. */
    private static final class Flip implements FaultInjector {
        private final int position;
        private boolean done;

        Flip(int position) {
            this.position = position;
        }

        @Override
        public void afterKernel(OpSite s) {
            if (!done && s.position() == position && s.layer() == Math.min(1, s.layer()) && s.layer() >= 0
                    && s.op() == OpKind.FFN_DOWN) {
                done = true;
                s.flipOutputBit(0, 30);
            }
        }
    }
}
