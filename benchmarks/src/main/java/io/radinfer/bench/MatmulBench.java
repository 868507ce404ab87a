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
 * Prefill matmul {@code Y = W X} for a batch of activation vectors: F32 (float path) and Q8_0 / Q4_0 (integer
 * path, activations rounded to Q8 inside the timed call). One op = one product of {@code 2 * rows * cols *
 * batch} floating-point operations; batch 64 is the point the hardware-profiles calibration records.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class MatmulBench {

    @Param({"F32", "Q8_0/int", "Q4_0/int"})
    public String kernel;

    @Param({BenchSupport.SHAPE_SQUARE})
    public String shape;

    @Param({"32", "64", "128"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private KernelState s;

    @Setup(Level.Trial)
    public void setup() {
        s = new KernelState(kernel, shape, batch, threads, BenchSupport.kernels("auto"));
        BenchOutput.kernelsUsed("MatmulBench", s.kernels);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        s.close();
    }

    @Benchmark
    public float matmul() {
        return s.run();
    }
}
