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
 * {@link KernelBench}'s matvecs on the scalar reference twins ({@code KernelProvider.choose("scalar", null)}),
 * at one thread: the denominator of the vector/scalar ratio.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class KernelScalarBench {

    @Param({"F32", "Q8_0/float", "Q8_0/int", "Q4_0/float", "Q4_0/int"})
    public String kernel;

    @Param({BenchSupport.SHAPE_SQUARE, BenchSupport.SHAPE_TALL, BenchSupport.SHAPE_WIDE})
    public String shape;

    @Param({"1"})
    public int threads;

    private KernelState s;

    @Setup(Level.Trial)
    public void setup() {
        s = new KernelState(kernel, shape, 1, threads, BenchSupport.kernels("scalar"));
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
