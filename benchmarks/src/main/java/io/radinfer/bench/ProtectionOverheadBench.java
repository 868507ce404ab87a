package io.radinfer.bench;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.protect.ProtectionPolicy;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Decode tokens/s of the DRAM-bound {@link SyntheticLlama} at 2 threads under each protection preset, two ways.
 *
 * <p>{@link #interleaved}: one model, one session per preset ({@code none}, {@code checksum}, {@code dmr},
 * {@code tmr}, scrubbing off), and each invocation decodes one token under every preset, the first preset
 * rotating from call to call. The time spent under each preset goes to a secondary result ({@link Nanos},
 * summed over iterations and forks by JMH); the report divides {@code none}'s time by each preset's. This is
 * the comparison the overhead targets are judged on: neighbouring tokens of all presets are tens of
 * milliseconds apart, so a change in host load reaches each preset alike and cancels in the ratio. All
 * sessions share the compiled kernels and the weights; each has its own KV cache, activations and checksums,
 * as separate sessions of one model do in use.
 *
 * <p>{@link #decode}: each preset in its own forks, with the background weight scrub off or at its default
 * period ({@link ProtectionPolicy#DEFAULT_SCRUB_PERIOD}); the report divides each by {@code none}/{@code off}.
 * JMH runs a preset's forks one after another, so on a shared host the ratios also carry how the load changed
 * between them (2026-12-05: one preset's three forks all ran at 0.73 of {@code none} while, alone in later
 * JVMs, it ran faster than {@code none}). The default scrub period (60 s) is longer than a short run's
 * measurement window, so {@code scrub=default} mostly shows the cost of having the scrubber armed; {@link
 * ScrubPassBench} measures one full pass, and the report gives the amortised cost {@code pass time / period}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
public class ProtectionOverheadBench {
    /** The presets {@link #interleaved} runs, in the order of {@link Nanos}'s fields; the first is the reference. */
    static final String[] PRESETS = {"none", "checksum", "dmr", "tmr"};

    /** One preset, one session, for {@link #decode}. */
    @State(Scope.Benchmark)
    public static class PerPreset {
        @Param({"none", "checksum", "dmr", "tmr"})
        public String mode;

        @Param({"off", "default"})
        public String scrub;

        @Param({"2"})
        public int threads;

        private Model model;
        private Session session;
        private DecodeLoop loop;

        @Setup(Level.Trial)
        public void setup() {
            Duration period = switch (scrub) {
                case "off" -> Duration.ZERO;
                case "default" -> ProtectionPolicy.DEFAULT_SCRUB_PERIOD;
                default -> throw new IllegalArgumentException("scrub must be off or default, got '" + scrub + "'");
            };
            model = SyntheticLlama.inMemory();
            session = DecodeLoop.protectedSession(model, mode, period, threads);
            loop = new DecodeLoop(session);
            BenchOutput.kernelsUsed("ProtectionOverheadBench", model.kernels());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            var st = session.stats();
            System.out.printf("%n# protection %s, scrub %s: detected %d, scrub passes %d%n", mode, scrub, st.detected(),
                    st.scrubPasses());
            session.close();
            model.close();
        }
    }

    /** Every preset of {@link #PRESETS} on one model, for {@link #interleaved}. */
    @State(Scope.Benchmark)
    public static class AllPresets {
        @Param({"2"})
        public int threads;

        private Model model;
        private Session[] sessions;
        private DecodeLoop[] loops;
        private int turn;

        @Setup(Level.Trial)
        public void setup() {
            model = SyntheticLlama.inMemory();
            sessions = new Session[PRESETS.length];
            loops = new DecodeLoop[PRESETS.length];
            for (int m = 0; m < PRESETS.length; m++) {
                sessions[m] = DecodeLoop.protectedSession(model, PRESETS[m], Duration.ZERO, threads);
                loops[m] = new DecodeLoop(sessions[m]);
            }
            BenchOutput.kernelsUsed("ProtectionOverheadBench", model.kernels());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            StringBuilder b = new StringBuilder("%n# interleaved presets, detections:");
            for (int m = 0; m < PRESETS.length; m++) {
                b.append(' ').append(PRESETS[m]).append(' ').append(sessions[m].stats().detected());
                sessions[m].close();
            }
            System.out.printf(b.append("%n").toString());
            model.close();
        }
    }

    /**
     * Nanoseconds spent decoding under each preset, and rounds (one token per preset) decoded, this iteration.
     * JMH reports these as events ("#") and sums them over iterations and forks.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Nanos {
        public long none;
        public long checksum;
        public long dmr;
        public long tmr;
        public long rounds;

        @Setup(Level.Iteration)
        public void reset() {
            none = 0;
            checksum = 0;
            dmr = 0;
            tmr = 0;
            rounds = 0;
        }

        void add(int preset, long ns) {
            switch (preset) {
                case 0 -> none += ns;
                case 1 -> checksum += ns;
                case 2 -> dmr += ns;
                default -> tmr += ns;
            }
        }
    }

    @Benchmark
    public float decode(PerPreset s) {
        return s.loop.step();
    }

    /** One round: a token under each preset, starting one preset later than the last round. */
    @Benchmark
    @Warmup(iterations = 3, time = 5)
    @Measurement(iterations = 6, time = 5)
    @Fork(value = 2, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
    public float interleaved(AllPresets s, Nanos nanos) {
        float sink = 0;
        int first = s.turn;
        s.turn = (s.turn + 1) % PRESETS.length;
        for (int j = 0; j < PRESETS.length; j++) {
            int m = (first + j) % PRESETS.length;
            long t0 = System.nanoTime();
            sink += s.loops[m].step();
            nanos.add(m, System.nanoTime() - t0);
        }
        nanos.rounds++;
        return sink;
    }
}
