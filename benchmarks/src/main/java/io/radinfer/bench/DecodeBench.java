package io.radinfer.bench;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
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

import java.util.concurrent.TimeUnit;

/**
 * Decode tokens/s of the DRAM-bound {@link SyntheticLlama} (weights in the fork's own memory, {@link
 * Model#fromWeights}), no protection, integer path, f32 KV cache, 1 and 2 threads. One op = one decoded token;
 * the report multiplies by {@link SyntheticLlama#streamedBytesPerToken()} for the weight bytes streamed per
 * second and divides by {@link BandwidthBench}'s figure from the same run.
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
}
