package io.radinfer.bench;

import io.radinfer.kernels.parallel.WorkerPool;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
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

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

/**
 * Decode tokens/s of the DRAM-bound {@link SyntheticLlama} (weights in the fork's own memory, {@link
 * Model#fromWeights}), no protection, integer path, f32 KV cache, 1 and 2 threads. One op = one decoded token;
 * the report multiplies by {@link SyntheticLlama#streamedBytesPerToken()} for the weight bytes streamed per
 * second and divides by {@link BandwidthBench}'s figure from the same run.
 *
 * <p>{@link #interleaved}: the same decode, alternating with one pass of {@link BandwidthBench}'s read over its own
 * 1 GiB (a similar time: about one token's weight bytes), which goes first alternating from call to call. The
 * nanoseconds of each are JMH aux counters, summed over iterations and forks, so the weight bytes per second and the
 * read bandwidth they are divided by come from the same seconds. On the shared hosts we run on the read bandwidth
 * moves by a third within minutes (2026-12-05: 36 to 53 GB/s at 2 threads), which {@code BandwidthBench} and
 * {@code DecodeBench}, run minutes apart, carry into their ratio.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class DecodeBench {

    @Param({"1", "2"})
    public int threads;

    private Model model;
    private Session session;
    private DecodeLoop loop;

    @Setup(Level.Trial)
    public void setup() {
        model = SyntheticLlama.inMemory();
        session = model.newSession(SessionOptions.defaults().withThreads(threads)
                .withContextLength(DecodeLoop.WINDOW));
        loop = new DecodeLoop(session);
        BenchOutput.kernelsUsed("DecodeBench", model.kernels());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        model.close();
    }

    @Benchmark
    public float decode() {
        return loop.step();
    }

    /** {@link BandwidthBench}'s read pass, on its own pool of the benchmark's threads (idle workers park). */
    @State(Scope.Benchmark)
    public static class ReadPass {
        private Arena arena;
        private WorkerPool pool;
        private BandwidthBench.Pass pass;
        /** Which of the two goes first in the next call. */
        int turn;

        @Setup(Level.Trial)
        public void setup(DecodeBench bench) {
            arena = Arena.ofShared();
            pool = new WorkerPool(bench.threads);
            pass = new BandwidthBench.Pass(arena, pool);
        }

        float pass() {
            return pass.run();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.close();
            arena.close();
        }
    }

    /** Nanoseconds spent decoding and reading, tokens decoded and read passes made, this iteration. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Split {
        public long decodeNanos;
        public long readNanos;
        public long tokens;
        public long passes;

        @Setup(Level.Iteration)
        public void reset() {
            decodeNanos = 0;
            readNanos = 0;
            tokens = 0;
            passes = 0;
        }
    }

    /** One token and one 1 GiB read pass, the first of the two alternating from call to call. */
    @Benchmark
    @Warmup(iterations = 3, time = 5)
    @Measurement(iterations = 6, time = 5)
    @Fork(value = 2, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
    public float interleaved(ReadPass read, Split split) {
        boolean decodeFirst = read.turn == 0;
        read.turn ^= 1;
        float sink = 0;
        for (int j = 0; j < 2; j++) {
            long t0 = System.nanoTime();
            if ((j == 0) == decodeFirst) {
                sink += loop.step();
                split.decodeNanos += System.nanoTime() - t0;
                split.tokens++;
            } else {
                sink += read.pass();
                split.readNanos += System.nanoTime() - t0;
                split.passes++;
            }
        }
        return sink;
    }
}
