package io.radinfer.cli;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionStats;
import io.radinfer.runtime.protect.ProtectionPreset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code radinfer bench}: decode tokens/s under several protection modes, in one run. Modes are measured
 * in interleaved rounds (none, checksum, ..., none, checksum, ...) so a noisy neighbour slows all of them
 * alike, and each mode's figure is its median round; {@code ratio_vs_none} compares medians.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure decode tokens/s for each protection mode in one run; one line per mode ending ratio_vs_none=<x>.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--protect", split = ",", paramLabel = "MODES", converter = ModelOptions.PresetConverter.class,
            description = "comma-separated modes (default: none,checksum,dmr,tmr)")
    List<ProtectionPreset> modes = new ArrayList<>(List.of(ProtectionPreset.NONE, ProtectionPreset.CHECKSUM,
            ProtectionPreset.DMR, ProtectionPreset.TMR));

    @Option(names = "--tokens", paramLabel = "N", description = "decoded tokens per round (default: ${DEFAULT-VALUE})")
    int tokens = 64;

    @Option(names = "--rounds", paramLabel = "R", description = "interleaved rounds per mode (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(names = "--warmup", paramLabel = "N", description = "tokens decoded per mode before timing (default: ${DEFAULT-VALUE})")
    int warmup = 32;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (tokens < 1 || rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--tokens and --rounds must be at least 1, --warmup at least 0");
        }
        List<ProtectionPreset> list = new ArrayList<>();
        if (!modes.contains(ProtectionPreset.NONE)) {
            list.add(ProtectionPreset.NONE); // the baseline of every ratio
        }
        for (ProtectionPreset p : modes) {
            if (!list.contains(p)) {
                list.add(p);
            }
        }
        try (Model m = model.load(spec.commandLine().getErr())) {
            int ctx = Math.min(m.config().contextLength(), Math.max(warmup, tokens) + 1);
            if (ctx < 2) {
                throw new IllegalArgumentException("the model's context is too short to benchmark");
            }
            int perRound = Math.min(tokens, ctx - 1);
            Session[] sessions = new Session[list.size()];
            double[][] rates = new double[list.size()][rounds];
            long[] detected = new long[list.size()];
            try {
                for (int i = 0; i < sessions.length; i++) {
                    sessions[i] = m.newSession(model.session(ctx, list.get(i)));
                    decode(sessions[i], Math.min(warmup, ctx - 1));
                }
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < sessions.length; i++) {
                        long t0 = System.nanoTime();
                        decode(sessions[i], perRound);
                        rates[i][r] = perRound * 1e9 / (System.nanoTime() - t0);
                    }
                }
                for (int i = 0; i < sessions.length; i++) {
                    SessionStats st = sessions[i].stats();
                    detected[i] = st.detected();
                }
            } finally {
                for (Session s : sessions) {
                    if (s != null) {
                        s.close();
                    }
                }
            }
            double none = median(rates[list.indexOf(ProtectionPreset.NONE)]);
            java.io.PrintWriter out = spec.commandLine().getOut();
            out.printf("# model %s, %s weights (%d MB), %d threads, %d tokens x %d rounds per mode, kernels %s%n",
                    model.model == null ? "built-in (synthetic weights)" : model.model, m.format(), m.weightBytes() >> 20,
                    model.threads, perRound, rounds, m.kernels().name());
            for (int i = 0; i < list.size(); i++) {
                double med = median(rates[i]);
                out.printf("mode=%s tokens_per_s=%.2f min=%.2f max=%.2f detected=%d ratio_vs_none=%.3f%n",
                        list.get(i).cliName(), med, Arrays.stream(rates[i]).min().orElse(0),
                        Arrays.stream(rates[i]).max().orElse(0), detected[i], med / none);
            }
        }
        return 0;
    }

    /** Decodes {@code n} greedy tokens, starting over at BOS when the context is full. */
    private static void decode(Session s, int n) {
        int token = s.model().bos();
        for (int i = 0; i < n; i++) {
            if (s.position() == s.contextLength()) {
                s.reset();
            }
            float[] l = s.forward(token);
            int best = 0;
            for (int v = 1; v < l.length; v++) {
                if (l[v] > l[best]) {
                    best = v;
                }
            }
            token = best;
        }
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
