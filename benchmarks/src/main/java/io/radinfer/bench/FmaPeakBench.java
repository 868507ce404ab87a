package io.radinfer.bench;

import io.radinfer.kernels.parallel.RangeTask;
import io.radinfer.kernels.parallel.WorkerPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * The machine's f32 FMA peak as Java reaches it: {@link #CHAINS} independent {@code acc = acc * a + b} chains
 * on the preferred vector species (enough chains to cover the FMA latency on every x86 core of the last
 * decade), all in registers, no memory traffic, split in {@link #UNITS} equal pieces across a
 * {@link WorkerPool} of 1 or 2 threads. Issue 8's prefill target is a share of this figure. One op =
 * {@link #flopsPerOp()} floating-point operations (an FMA counts 2).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class FmaPeakBench {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulator chains per thread. */
    public static final int CHAINS = 12;
    /** FMA rounds (each over all chains) per unit of work. */
    public static final int ROUNDS = 1 << 16;
    /** Units of work per op, handed out to the pool's threads. */
    public static final int UNITS = 64;

    @Param({"1", "2"})
    public int threads;

    private WorkerPool pool;
    private FmaTask task;
    /** Keeps the warm-up's result alive. */
    public float warm;

    /** Floating-point operations per op. */
    public static double flopsPerOp() {
        return 2.0 * F.length() * CHAINS * (double) ROUNDS * UNITS;
    }

    @Setup(Level.Trial)
    public void setup() {
        pool = new WorkerPool(threads);
        task = new FmaTask(threads);
        // The chains run boxed in the interpreter until C2 compiles them; a unit of work takes long enough there
        // to eat a short warm-up, so compile them first on short runs.
        float s = 0;
        for (int i = 0; i < 20_000; i++) {
            s += chains(0.999f, 1e-7f, 16);
        }
        warm = s;
        // The report turns ops/s into GFLOP/s with this, whatever species its own JVM would pick.
        BenchOutput.write("fma", "flops-per-op.json", java.util.Map.of("flops_per_op", flopsPerOp(), "lanes", F.length(),
                "chains", CHAINS));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public float fma() {
        java.util.Arrays.fill(task.partial, 0f);
        pool.run(task, UNITS, 1);
        float s = 0;
        for (float p : task.partial) {
            s += p;
        }
        return s;
    }

    private final class FmaTask implements RangeTask {
        final float[] partial;
        // Read from fields each call so the JIT cannot fold the chains into constants.
        float mul = 0.999_999f;
        float add = 1e-7f;

        FmaTask(int threads) {
            this.partial = new float[threads];
        }

        @Override
        public void run(int start, int end) {
            float s = 0;
            for (int u = start; u < end; u++) {
                s += chains(mul, add + u * 1e-9f, ROUNDS);
            }
            partial[pool.workerIndex()] += s;
        }
    }

    static float chains(float mul, float add, int rounds) {
        FloatVector m = FloatVector.broadcast(F, mul);
        FloatVector b = FloatVector.broadcast(F, add);
        FloatVector a0 = FloatVector.broadcast(F, 1f);
        FloatVector a1 = FloatVector.broadcast(F, 2f);
        FloatVector a2 = FloatVector.broadcast(F, 3f);
        FloatVector a3 = FloatVector.broadcast(F, 4f);
        FloatVector a4 = FloatVector.broadcast(F, 5f);
        FloatVector a5 = FloatVector.broadcast(F, 6f);
        FloatVector a6 = FloatVector.broadcast(F, 7f);
        FloatVector a7 = FloatVector.broadcast(F, 8f);
        FloatVector a8 = FloatVector.broadcast(F, 9f);
        FloatVector a9 = FloatVector.broadcast(F, 10f);
        FloatVector a10 = FloatVector.broadcast(F, 11f);
        FloatVector a11 = FloatVector.broadcast(F, 12f);
        for (int r = 0; r < rounds; r++) {
            a0 = a0.fma(m, b);
            a1 = a1.fma(m, b);
            a2 = a2.fma(m, b);
            a3 = a3.fma(m, b);
            a4 = a4.fma(m, b);
            a5 = a5.fma(m, b);
            a6 = a6.fma(m, b);
            a7 = a7.fma(m, b);
            a8 = a8.fma(m, b);
            a9 = a9.fma(m, b);
            a10 = a10.fma(m, b);
            a11 = a11.fma(m, b);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
