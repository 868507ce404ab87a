package io.radinfer.bench;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Protection overhead measured in one JVM, in alternating rounds: one session per preset on one DRAM-bound
 * {@link SyntheticLlama}, each decoding {@code tokens} tokens in turn, {@code rounds} times; per round, each
 * preset's tokens/s over {@code none}'s, and the median of those ratios.
 *
 * <p>A complement to {@link ProtectionOverheadBench}, which runs each preset in its own JVM: there a fork's
 * JIT output and memory placement vary from fork to fork (on the 2-core host a preset's forks differed by
 * up to 30% in tokens/s), which lands in the ratios. Here every preset runs the same compiled kernels on the
 * same weights, and host noise hits neighbouring rounds of all presets alike, so the ratio isolates what the
 * protection itself costs. Scrubbing is off (its cost is {@link ScrubPassBench}'s).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -cp benchmarks/target/benchmarks.jar io.radinfer.bench.ProtectionRounds [presets] [threads] [tokens] [rounds]
 * </pre>
 * Defaults: {@code none,checksum,dmr,tmr 2 60 12}; the first preset is the reference.
 */
public final class ProtectionRounds {
    private ProtectionRounds() {
    }

    public static void main(String[] args) {
        String[] presets = (args.length > 0 ? args[0] : "none,checksum,dmr,tmr").split(",");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        if (threads < 1 || tokens < 1 || rounds < 1) {
            throw new IllegalArgumentException("threads, tokens and rounds must be positive");
        }
        System.out.printf(Locale.ROOT, "protection rounds: %s, %d threads, %d tokens per round, %d rounds%n",
                String.join(",", presets), threads, tokens, rounds);
        try (Model model = SyntheticLlama.inMemory()) {
            Session[] sessions = new Session[presets.length];
            DecodeLoop[] loops = new DecodeLoop[presets.length];
            try {
                for (int m = 0; m < presets.length; m++) {
                    sessions[m] = DecodeLoop.protectedSession(model, presets[m], Duration.ZERO, threads);
                    loops[m] = new DecodeLoop(sessions[m]);
                    for (int i = 0; i < 2 * tokens; i++) { // warm-up
                        loops[m].step();
                    }
                }
                double[][] rate = new double[presets.length][rounds];
                for (int r = 0; r < rounds; r++) {
                    for (int m = 0; m < presets.length; m++) {
                        long t0 = System.nanoTime();
                        for (int i = 0; i < tokens; i++) {
                            loops[m].step();
                        }
                        rate[m][r] = tokens / ((System.nanoTime() - t0) / 1e9);
                    }
                    System.out.printf(Locale.ROOT, "round %d/%d done%n", r + 1, rounds);
                }
                System.out.printf(Locale.ROOT, "%-9s %10s %22s %10s %22s %s%n", "preset", "tok/s", "(min .. max)",
                        "ratio", "(min .. max)", "detected");
                for (int m = 0; m < presets.length; m++) {
                    double[] ratio = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        ratio[r] = rate[m][r] / rate[0][r];
                    }
                    double[] s = rate[m].clone();
                    Arrays.sort(s);
                    Arrays.sort(ratio);
                    System.out.printf(Locale.ROOT, "%-9s %10.2f %10.2f .. %8.2f %10.3f %10.3f .. %8.3f %d%n", presets[m],
                            s[rounds / 2], s[0], s[rounds - 1], ratio[rounds / 2], ratio[0], ratio[rounds - 1],
                            sessions[m].stats().detected());
                }
            } finally {
                for (Session s : sessions) {
                    if (s != null) {
                        s.close();
                    }
                }
            }
        }
    }
}
