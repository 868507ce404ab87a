package io.radinfer.faults.runtime;

import io.radinfer.faults.campaign.Cancellation;
import io.radinfer.faults.campaign.InjectionExecutor;
import io.radinfer.faults.campaign.InjectionResult;
import io.radinfer.faults.campaign.Outcome;
import io.radinfer.faults.model.FaultModel;
import io.radinfer.faults.model.InjectionPlan;
import io.radinfer.faults.model.Target;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.inject.FaultInjector;
import io.radinfer.runtime.inject.MemorySite;
import io.radinfer.runtime.inject.OpSite;
import io.radinfer.runtime.protect.ProtectionPolicy;
import io.radinfer.runtime.protect.ProtectionPreset;
import io.radinfer.runtime.protect.ProtectionStats;
import io.radinfer.runtime.protect.UncorrectableFaultException;
import io.radinfer.runtime.sample.Sampler;
import io.radinfer.runtime.sample.Samplers;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Binds a fault-injection campaign to the runtime: describes the fault space of a loaded model
 * ({@link ModelTargetSpace}), runs the golden (fault-free) generation once, and runs one injection per
 * {@link #execute} call on the calling thread's own model copy and session.
 *
 * <p>Independence of runs: every worker thread opens its own {@link Model} (for a file, its own copy-on-write
 * mapping), so a weight fault in one worker's run is invisible to the others, and the fault is undone from the
 * golden bytes after the run. The session is reset before each run (the KV cache is overwritten from position 0).
 * The scrubber runs on demand only (when a check keeps failing), not on a timer, so every injection replays to
 * the same outcome.
 *
 * <p>Classification, against the golden run's sampled tokens (every step, including a final BOS/EOS):
 * {@code detected_uncorrectable} if protection threw {@link UncorrectableFaultException}; {@code crash} if the
 * logits held a NaN or an infinity under a protection mode (which should have caught it); else {@code sdc} if
 * any token differs (with the first differing step and the largest logit difference over the steps up to and
 * including it), {@code detected_corrected} if protection counted a detection and the tokens are right,
 * {@code masked} otherwise. Any other exception propagates and the runner records a crash.
 */
public final class RuntimeCampaign implements InjectionExecutor, AutoCloseable {

    /** Opens a model; called once per worker thread. */
    @FunctionalInterface
    public interface ModelSource {
        Model open() throws IOException;
    }

    /**
     * How each run generates.
     *
     * @param prompt prompt token ids (fed in one pass)
     * @param tokens tokens to generate (forward passes), at least 1
     * @param protect the protection preset
     * @param temperature sampling temperature (0 = greedy)
     * @param topP nucleus mass
     * @param samplerSeed the sampler's seed (the same for every run)
     * @param kvType F32 or F16 KV cache
     * @param integerPath Q8 activations and integer dot products for quantized weights
     */
    public record Settings(int[] prompt, int tokens, ProtectionPreset protect, float temperature, float topP,
            long samplerSeed, GgmlType kvType, boolean integerPath) {

        /** Checks the values. */
        public Settings {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(protect, "protect");
            if (prompt.length == 0) {
                throw new IllegalArgumentException("the prompt needs at least one token");
            }
            if (tokens < 1) {
                throw new IllegalArgumentException("the run must generate at least one token, got " + tokens);
            }
        }

        /** Greedy generation of {@code tokens} after {@code prompt}, f32 KV cache, integer path. */
        public static Settings greedy(int[] prompt, int tokens, ProtectionPreset protect) {
            return new Settings(prompt, tokens, protect, 0f, 1f, 1, GgmlType.F32, true);
        }
    }

    private final ModelSource source;
    private final Settings settings;
    private final ProtectionPolicy policy;
    private final ThreadLocal<Worker> workers = new ThreadLocal<>();
    private final ConcurrentLinkedQueue<Worker> all = new ConcurrentLinkedQueue<>();
    private final GoldenRun golden;
    private final ModelTargetSpace space;
    private final long weightBits;
    private volatile boolean closed;

    /**
     * Opens a first model and session and runs the golden generation.
     *
     * @throws IOException if the model cannot be opened
     * @throws IllegalArgumentException if the prompt and tokens do not fit the model's context, or a token id is
     *         outside its vocabulary
     */
    public RuntimeCampaign(ModelSource source, Settings settings) throws IOException {
        this.source = Objects.requireNonNull(source, "source");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = ProtectionPolicy.builder(settings.protect()).scrubPeriod(Duration.ZERO).build();
        Worker first = worker(null);
        int vocab = first.model.config().vocab();
        for (int id : settings.prompt()) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("prompt token id " + id + " is outside the vocabulary 0.." + (vocab - 1));
            }
        }
        long t0 = System.nanoTime();
        first.generate(null);
        double ms = (System.nanoTime() - t0) / 1e6;
        int steps = first.steps;
        int[] tokens = Arrays.copyOf(first.sampled, steps);
        float[] logits = Arrays.copyOf(first.logits, steps * vocab);
        this.golden = new GoldenRun(tokens, logits, vocab, ms);
        this.space = new ModelTargetSpace(first.model.config(), first.model.weights(), settings.prompt().length, steps,
                settings.integerPath(), settings.kvType());
        this.weightBits = 8 * first.model.weightBytes();
    }

    /** The fault-free run. */
    public GoldenRun golden() {
        return golden;
    }

    /** Where faults can land in a run of this model and these settings. */
    public ModelTargetSpace space() {
        return space;
    }

    /** Bits of all weight matrices: the memory an environment's upsets are projected onto. */
    public long weightBits() {
        return weightBits;
    }

    /** The settings every run uses. */
    public Settings settings() {
        return settings;
    }

    /**
     * Checks that {@code fault} can be injected into {@code target} by this binding.
     *
     * @throws io.radinfer.faults.model.FaultSpecException if not
     */
    public static void checkSupported(Target target, FaultModel fault) {
        PlannedInjector.checkSupported(target, fault);
    }

    @Override
    public InjectionResult execute(InjectionPlan plan, Cancellation cancellation)
            throws IOException {
        if (closed) {
            throw new IllegalStateException("the campaign is closed");
        }
        Worker w = workers.get();
        if (w == null || w.space == null) {
            w = worker(space);
        }
        long t0 = System.nanoTime();
        ProtectionStats ps = w.session.protectionStats();
        long d0 = ps.total(ProtectionStats.Event.DETECTED);
        long c0 = ps.total(ProtectionStats.Event.CORRECTED);
        w.injector.arm(plan, cancellation);
        try {
            w.generate(golden);
        } catch (UncorrectableFaultException e) {
            return InjectionResult.of(plan, Outcome.DETECTED_UNCORRECTABLE, null, null,
                    ps.total(ProtectionStats.Event.DETECTED) - d0, ps.total(ProtectionStats.Event.CORRECTED) - c0,
                    ms(t0), InjectionResult.describe(e));
        } finally {
            w.injector.disarm();
        }
        long detections = ps.total(ProtectionStats.Event.DETECTED) - d0;
        long corrections = ps.total(ProtectionStats.Event.CORRECTED) - c0;
        if (w.nonFiniteStep >= 0 && settings.protect() != ProtectionPreset.NONE) {
            return InjectionResult.of(plan, Outcome.CRASH, null, null, detections, corrections, ms(t0),
                    "NaN or infinity in the logits of step " + w.nonFiniteStep + " escaped protection "
                            + settings.protect().cliName());
        }
        int firstDiff = w.firstDivergence;
        if (firstDiff < 0 && w.steps != golden.steps()) {
            firstDiff = Math.min(w.steps, golden.steps());
        }
        Double dev = w.maxDeviation;
        if (firstDiff >= 0) {
            return InjectionResult.of(plan, Outcome.SDC, firstDiff, dev, detections, corrections, ms(t0), null);
        }
        Outcome o = detections > 0 ? Outcome.DETECTED_CORRECTED : Outcome.MASKED;
        return InjectionResult.of(plan, o, null, dev, detections, corrections, ms(t0), null);
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private Worker worker(ModelTargetSpace space) throws IOException {
        Model m = source.open();
        try {
            Worker w = new Worker(m, space);
            workers.set(w);
            all.add(w);
            if (closed) {
                w.close();
                throw new IllegalStateException("the campaign is closed");
            }
            return w;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Closes every worker's session and model. Call after the runner returned. */
    @Override
    public void close() {
        closed = true;
        Worker w;
        while ((w = all.poll()) != null) {
            w.close();
        }
    }

    /** One thread's model, session and injector, and the record of its last run. */
    private final class Worker implements Sampler {
        final Model model;
        final Session session;
        ModelTargetSpace space;
        PlannedInjector injector;
        final int vocab;
        final int[] sampled;
        final float[] logits;
        GoldenRun against;
        Sampler sampler;
        int steps;
        int firstDivergence;
        int nonFiniteStep;
        double maxDeviation;

        Worker(Model model, ModelTargetSpace space) {
            this.model = model;
            this.space = space;
            this.vocab = model.config().vocab();
            int ctx = settings.prompt().length + settings.tokens();
            if (ctx - 1 > model.config().contextLength()) {
                throw new IllegalArgumentException("a prompt of " + settings.prompt().length + " tokens and "
                        + settings.tokens() + " generated tokens exceed the model's context of "
                        + model.config().contextLength());
            }
            int maxSteps = settings.tokens() + 1;
            this.sampled = new int[maxSteps];
            this.logits = space == null ? new float[maxSteps * vocab] : null;
            if (space != null) {
                this.injector = new PlannedInjector(space);
            }
            SessionOptions o = SessionOptions.defaults().withThreads(1).withKvCacheType(settings.kvType())
                    .withIntegerPath(settings.integerPath()).withProtection(policy)
                    .withContextLength(Math.min(model.config().contextLength(), ctx))
                    .withPrefillBatch(Math.max(64, settings.prompt().length))
                    .withInjector(space == null ? null : new Delegate());
            this.session = model.newSession(o);
        }

        /** Generates once; with {@code against}, compares every step with that run. */
        void generate(GoldenRun against) {
            this.against = against;
            this.steps = 0;
            this.firstDivergence = -1;
            this.nonFiniteStep = -1;
            this.maxDeviation = 0;
            this.sampler = Samplers.runC(settings.temperature(), settings.topP(), settings.samplerSeed(), vocab);
            session.reset();
            int[] prompt = settings.prompt();
            session.generate(prompt, prompt.length + settings.tokens() - 1, this, (token, pos) -> true);
        }

        @Override
        public int sample(float[] l, int n) {
            int k = steps;
            if (k >= sampled.length) {
                throw new IllegalStateException("the run sampled more than " + sampled.length + " times");
            }
            if (nonFiniteStep < 0) {
                for (int i = 0; i < n; i++) {
                    if (!Float.isFinite(l[i])) {
                        nonFiniteStep = k;
                        break;
                    }
                }
            }
            if (against == null) {
                System.arraycopy(l, 0, logits, k * vocab, n);
            } else if (firstDivergence < 0 && k < against.steps()) {
                float[] g = against.logits();
                double dev = maxDeviation;
                for (int i = 0; i < n; i++) {
                    double d = Math.abs((double) l[i] - g[k * vocab + i]);
                    // A NaN compares false; count it as an infinite deviation.
                    if (!(d <= dev)) {
                        dev = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                    }
                }
                maxDeviation = dev;
            }
            int t = sampler.sample(l, n);
            sampled[k] = t;
            if (against != null && firstDivergence < 0 && (k >= against.steps() || t != against.tokens()[k])) {
                firstDivergence = k;
            }
            steps++;
            return t;
        }

        void close() {
            session.close();
            model.close();
        }

        /** Forwards to the worker's current injector (the session's injector is fixed when it is opened). */
        private final class Delegate implements FaultInjector {
            @Override
            public void beforeForward(int position, int batch, MemorySite memory) {
                injector.beforeForward(position, batch, memory);
            }

            @Override
            public void afterKernel(OpSite site) {
                injector.afterKernel(site);
            }

            @Override
            public void atRest(OpSite site) {
                injector.atRest(site);
            }
        }
    }
}
