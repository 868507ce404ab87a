package io.radinfer.bench;

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
 * Decode matvec at the issue shapes, radinfer against Jlama (jlama-core) on the same threads, the same worker pool and the same
 * random weights (see {@link PeerState}, {@link JlamaKernelState}). Jlama has no 8-bit weight kernel, so Q8_0 runs
 * on radinfer alone; the report divides radinfer by Jlama where both exist.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class PeerMatvecBench {

    @Param({"radinfer/F32", "jlama/F32", "radinfer/Q8_0", "radinfer/Q4_0", "jlama/Q4_0"})
    public String kernel;

    @Param({BenchSupport.SHAPE_SQUARE, BenchSupport.SHAPE_TALL, BenchSupport.SHAPE_WIDE})
    public String shape;

    @Param({"1"})
    public int batch;

    @Param({"2"})
    public int threads;

    private PeerState s;

    @Setup(Level.Trial)
    public void setup() {
        s = new PeerState(kernel, shape, batch, threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        s.close();
    }

    @Benchmark
    public float matvec() {
        return s.run();
    }
}
