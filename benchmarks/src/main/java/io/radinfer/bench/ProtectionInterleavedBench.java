package io.radinfer.bench;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.protect.ProtectionPolicy;
import io.radinfer.runtime.protect.ProtectionPreset;
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
 * Protection overhead with the presets interleaved token by token: one DRAM-bound {@link SyntheticLlama}, one
 * session per preset ({@code none}, {@code checksum}, {@code dmr}, {@code tmr}, scrubbing off), and each
 * invocation decodes one token under every preset, the first preset rotating from call to call. The time spent
 * under each preset goes to a secondary result ({@link Nanos}, summed over iterations and forks by JMH); the
 * report divides {@code none}'s time by each preset's.
 *
 * <p>Why a second instrument beside {@link ProtectionOverheadBench}: there each preset runs in its own forks,
 * minutes apart, and on a shared host the load changes over minutes (2026-12-05: one preset's three forks all
 * ran at 0.73 of {@code none} while, alone in later JVMs, it ran faster than {@code none}). Here neighbouring
 * tokens of all presets are tens of milliseconds apart, so a change in host load reaches each preset alike and
 * cancels in the ratio. All sessions share the compiled kernels and the weights; each has its own KV cache,
 * activations and checksums, as separate sessions of one model do in use.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 6, time = 5)
@Fork(value = 2, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class ProtectionInterleavedBench {
    /** The presets, in the order of {@link Nanos}'s fields; the first is the reference. */
    static final String[] PRESETS = {"none", "checksum", "dmr", "tmr"};

    @Param({"2"})
    public int threads;

    private Model model;
    private Session[] sessions;
    private DecodeLoop[] loops;
    private int turn;

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

    @Setup(Level.Trial)
    public void setup() {
        model = SyntheticLlama.inMemory();
        sessions = new Session[PRESETS.length];
        loops = new DecodeLoop[PRESETS.length];
        for (int m = 0; m < PRESETS.length; m++) {
            ProtectionPolicy policy = ProtectionPolicy.builder(ProtectionPreset.parse(PRESETS[m]))
                    .scrubPeriod(Duration.ZERO).build();
            sessions[m] = model.newSession(SessionOptions.defaults().withThreads(threads)
                    .withContextLength(DecodeLoop.WINDOW).withProtection(policy));
            loops[m] = new DecodeLoop(sessions[m]);
        }
        BenchOutput.kernelsUsed("ProtectionInterleavedBench", model.kernels());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        StringBuilder b = new StringBuilder("%n# interleaved protection, detections:");
        for (int m = 0; m < PRESETS.length; m++) {
            b.append(' ').append(PRESETS[m]).append(' ').append(sessions[m].stats().detected());
            sessions[m].close();
        }
        System.out.printf(b.append("%n").toString());
        model.close();
    }

    /** One round: a token under each preset, starting one preset later than the last round. */
    @Benchmark
    public float round(Nanos nanos) {
        float sink = 0;
        int first = turn;
        turn = (turn + 1) % PRESETS.length;
        for (int j = 0; j < PRESETS.length; j++) {
            int m = (first + j) % PRESETS.length;
            long t0 = System.nanoTime();
            sink += loops[m].step();
            nanos.add(m, System.nanoTime() - t0);
        }
        nanos.rounds++;
        return sink;
    }
}
