package io.radinfer.faults.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.SessionStats;
import io.radinfer.runtime.builtin.BuiltinModel;
import io.radinfer.runtime.protect.ProtectionPolicy;
import io.radinfer.runtime.protect.UncorrectableFaultException;
import io.radinfer.runtime.sample.Sampler;
import io.radinfer.runtime.sample.Samplers;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A long run that generates continuously while faults are injected at a high rate (accelerated radiation), and
 * counts what the protection layer did about them. The session under test has the chosen protection, the
 * background scrubber and a {@link SoakInjector}; a second, clean copy of the model (its own copy-on-write mapping,
 * so no injected weight fault reaches it) reruns a sample of the generations with the same prompt, and a
 * generation whose token ids differ although the session reported nothing is a silent data corruption (SDC).
 * Sampling is greedy, so a difference is a changed argmax, not sampling noise. Before the faults start, one
 * generation on both copies must agree, which checks that the comparison itself is exact.
 *
 * <p>Reports come every {@link SoakConfig#reportEvery()} (checked between generations), each after a full garbage
 * collection so that heap use is the live set; the summary fits a line through them to show a trend.
 */
public final class Soak {
    /** Receives each report line as it is produced. */
    @FunctionalInterface
    public interface Listener {
        void onLine(SoakLine line) throws IOException;
    }

    private static final int MAX_EXAMPLES = 10;

    private Soak() {
    }

    /** Runs the soak for {@code config.duration()} and returns its summary. */
    public static SoakSummary run(SoakConfig config, Listener listener) throws IOException {
        Path path = config.model() != null ? config.model() : BuiltinModel.ensure();
        String started = Instant.now().toString();
        try (Model work = Model.load(path); Model clean = Model.load(path)) {
            int ctx = Math.min(work.config().contextLength(), config.promptTokens() + config.generateTokens());
            if (ctx <= config.promptTokens()) {
                throw new IllegalArgumentException("the prompt of " + config.promptTokens()
                        + " tokens leaves no room to generate in the model's context of " + ctx);
            }
            ProtectionPolicy policy = ProtectionPolicy.builder(config.protection()).scrubPeriod(config.scrubPeriod()).build();
            ProtectionPolicy shadowPolicy = ProtectionPolicy.builder(config.protection()).scrubPeriod(Duration.ZERO).build();
            SoakInjector injector = new SoakInjector(config.faultRate(), config.targets(), config.seed() * 31 + 7);
            try (Session s = work.newSession(SessionOptions.defaults().withContextLength(ctx).withProtection(policy)
                    .withInjector(injector));
                 Session shadow = clean.newSession(SessionOptions.defaults().withContextLength(ctx)
                    .withProtection(shadowPolicy))) {
                return new Run(config, path, started, work, s, shadow, injector, ctx, listener).loop();
            }
        }
    }

    /** Writes {@code summary} as JSON to {@code file}. */
    public static void writeJson(SoakSummary summary, Path file) throws IOException {
        Files.writeString(file, mapper().writeValueAsString(summary) + "\n");
    }

    /** The mapper for soak JSON (report lines and the summary). */
    public static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static final class Run {
        private final SoakConfig config;
        private final Path path;
        private final String started;
        private final Model model;
        private final Session session;
        private final Session shadow;
        private final SoakInjector injector;
        private final int steps;
        private final Listener listener;
        private final SplittableRandom prompts;
        private final int[] prompt;
        private final int[] ids;
        private final int[] shadowIds;
        private final Sampler greedy;
        private final List<SoakLine> lines = new ArrayList<>();
        private final List<String> sdcExamples = new ArrayList<>();
        private final List<String> crashExamples = new ArrayList<>();
        private long generations;
        private long shadowChecks;
        private long sdcs;
        private long crashes;
        private long lastTokens;
        private long lastNanos;

        Run(SoakConfig config, Path path, String started, Model model, Session session, Session shadow,
                SoakInjector injector, int steps, Listener listener) {
            this.config = config;
            this.path = path;
            this.started = started;
            this.model = model;
            this.session = session;
            this.shadow = shadow;
            this.injector = injector;
            this.steps = steps;
            this.listener = listener;
            this.prompts = new SplittableRandom(config.seed());
            this.prompt = new int[config.promptTokens()];
            this.ids = new int[steps];
            this.shadowIds = new int[steps];
            this.greedy = Samplers.runC(0f, 1f, 0, model.config().vocab());
        }

        SoakSummary loop() throws IOException {
            checkDeterminism();
            long t0 = System.nanoTime();
            long end = t0 + config.duration().toNanos();
            long reportNanos = config.reportEvery().toNanos();
            long nextReport = t0 + reportNanos;
            lastNanos = t0;
            while (true) {
                long now = System.nanoTime();
                if (now >= nextReport || now >= end) {
                    report(now - t0);
                    nextReport += reportNanos;
                    if (now >= end) {
                        break;
                    }
                }
                generation();
            }
            return summary();
        }

        /** Without faults, the session under test and the shadow must produce the same ids. */
        private void checkDeterminism() {
            injector.enabled(false);
            nextPrompt();
            int n = generate(session, ids);
            int m = generate(shadow, shadowIds);
            if (n != m || !Arrays.equals(ids, 0, n, shadowIds, 0, m)) {
                throw new IllegalStateException("without faults, the protected session and the clean shadow generate "
                        + "different tokens; the SDC comparison would be meaningless");
            }
            injector.enabled(true);
        }

        private void generation() {
            nextPrompt();
            long g = generations++;
            injector.startGeneration();
            int n;
            try {
                n = generate(session, ids);
            } catch (UncorrectableFaultException e) {
                return; // counted by the session; the caller would retry or give up on this request
            } catch (RuntimeException e) {
                crashes++;
                if (crashExamples.size() < MAX_EXAMPLES) {
                    crashExamples.add("generation " + g + ": " + e);
                }
                return;
            }
            if (g % config.shadowEvery() == 0) {
                int m = generate(shadow, shadowIds);
                shadowChecks++;
                int mismatch = Arrays.mismatch(ids, 0, n, shadowIds, 0, m);
                if (mismatch >= 0) {
                    sdcs++;
                    if (sdcExamples.size() < MAX_EXAMPLES) {
                        sdcExamples.add("generation " + g + ": generated token " + mismatch + " is "
                                + (mismatch < n ? ids[mismatch] : "(end)") + ", the clean run has "
                                + (mismatch < m ? shadowIds[mismatch] : "(end)") + "; faults in this generation: "
                                + injector.generationFaults());
                    }
                }
            }
        }

        private void nextPrompt() {
            int vocab = model.config().vocab();
            prompt[0] = model.bos() >= 0 && model.bos() < vocab ? model.bos() : 0;
            for (int i = 1; i < prompt.length; i++) {
                int t;
                do {
                    t = prompts.nextInt(vocab);
                } while (t == model.bos() || t == model.eos());
                prompt[i] = t;
            }
        }

        private int generate(Session s, int[] out) {
            s.reset();
            int[] count = {0};
            s.generate(prompt, steps, greedy, (token, pos) -> {
                out[count[0]++] = token;
                return true;
            });
            return count[0];
        }

        private void report(long elapsedNanos) throws IOException {
            System.gc();
            double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
            long gc = 0;
            for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                gc += Math.max(0, b.getCollectionTime());
            }
            SessionStats st = session.stats();
            long tokens = st.promptTokens() + st.generatedTokens();
            long now = System.nanoTime();
            double tps = now == lastNanos ? 0 : (tokens - lastTokens) * 1e9 / (now - lastNanos);
            lastTokens = tokens;
            lastNanos = now;
            SoakLine line = new SoakLine(elapsedNanos / 1e9, tokens, generations, injector.injectedTotal(), st.detected(),
                    st.corrected(), st.uncorrectable(), st.scrubRepairs(), shadowChecks, sdcs, crashes, heap, gc, tps);
            lines.add(line);
            listener.onLine(line);
        }

        private SoakSummary summary() {
            Map<String, Long> byTarget = new LinkedHashMap<>();
            for (SoakTarget t : SoakTarget.values()) {
                if (config.targets().contains(t)) {
                    byTarget.put(t.cliName(), injector.injected(t));
                }
            }
            double max = 0;
            for (SoakLine l : lines) {
                max = Math.max(max, l.heapUsedMiB());
            }
            List<String> targets = config.targets().stream().sorted().map(SoakTarget::cliName).toList();
            return new SoakSummary(config.model() == null ? "built-in (" + path.getFileName() + ")" : path.toString(),
                    config.protection().cliName(), config.scrubPeriod().toSeconds(), config.faultRate(), targets,
                    config.shadowEvery(), config.seed(), started, lines.getLast(), byTarget,
                    lines.getFirst().heapUsedMiB(), max, slopePerHour(lines), List.copyOf(sdcExamples),
                    List.copyOf(crashExamples), List.copyOf(lines));
        }
    }

    /** Least-squares slope of heap over time in MiB per hour, ignoring the first report (warm-up); 0 if too few. */
    static double slopePerHour(List<SoakLine> lines) {
        if (lines.size() < 4) {
            return 0;
        }
        List<SoakLine> l = lines.subList(1, lines.size());
        double mx = 0;
        double my = 0;
        for (SoakLine p : l) {
            mx += p.elapsedSeconds() / 3600;
            my += p.heapUsedMiB();
        }
        mx /= l.size();
        my /= l.size();
        double sxy = 0;
        double sxx = 0;
        for (SoakLine p : l) {
            double dx = p.elapsedSeconds() / 3600 - mx;
            sxy += dx * (p.heapUsedMiB() - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }
}
