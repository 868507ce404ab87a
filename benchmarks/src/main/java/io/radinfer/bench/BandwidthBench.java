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

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The Java read bandwidth every matvec and decode figure is compared with: a vectorized float sum over a 1 GiB
 * off-heap {@link MemorySegment} (far larger than any cache), split in 1 MiB pieces across a
 * {@link WorkerPool} of 1 or 2 threads, the same pool the kernels run on. One op = one pass = {@link #BYTES}
 * bytes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class BandwidthBench {
    /** Bytes read per op: 1 GiB. */
    public static final long BYTES = 1L << 30;
    private static final long PIECE = 1L << 20;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private WorkerPool pool;
    private Pass pass;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        pool = new WorkerPool(threads);
        pass = new Pass(arena, pool);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        arena.close();
    }

    @Benchmark
    public float read() {
        return pass.run();
    }

    /**
     * One pass over {@link #BYTES} of off-heap memory on a pool, in {@link #PIECE} pieces; also used by {@code
     * DecodeBench.interleaved}. The constructor allocates and fills the segment (writing every page commits it
     * before the first timed pass) and gets {@link #sum} compiled on a cache-sized piece: until C2 compiles it,
     * the vector loop runs boxed at a few hundred MB/s, and a short warm-up of 1 GiB passes would end first.
     */
    static final class Pass implements RangeTask {
        private final MemorySegment seg;
        private final WorkerPool pool;
        private final float[] partial;
        /** Keeps the warm-up's result alive. */
        final float warm;

        Pass(Arena arena, WorkerPool pool) {
            this.seg = arena.allocate(BYTES, 4096);
            this.pool = pool;
            this.partial = new float[pool.threads()];
            seg.fill((byte) 0x3c); // small finite floats
            float s = 0;
            for (int i = 0; i < WARM_CALLS; i++) {
                s += sum(seg, 0, 16 * 1024);
            }
            warm = s;
        }

        /** One pass: the sum of every float, so the reads cannot be dropped. */
        float run() {
            java.util.Arrays.fill(partial, 0f);
            pool.run(this, (int) (BYTES / PIECE), 1);
            float s = 0;
            for (float p : partial) {
                s += p;
            }
            return s;
        }

        @Override
        public void run(int start, int end) {
            partial[pool.workerIndex()] += sum(seg, start * PIECE, end * PIECE);
        }
    }

    /** Calls of {@link #sum} on a small piece before timing, well past C2's compile thresholds. */
    static final int WARM_CALLS = 20_000;

    /** Sum of the floats in {@code [from, to)}, four independent vector accumulators. */
    static float sum(MemorySegment seg, long from, long to) {
        int step = F.vectorByteSize();
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        long i = from;
        for (; i + 4L * step <= to; i += 4L * step) {
            a0 = a0.add(FloatVector.fromMemorySegment(F, seg, i, ByteOrder.LITTLE_ENDIAN));
            a1 = a1.add(FloatVector.fromMemorySegment(F, seg, i + step, ByteOrder.LITTLE_ENDIAN));
            a2 = a2.add(FloatVector.fromMemorySegment(F, seg, i + 2L * step, ByteOrder.LITTLE_ENDIAN));
            a3 = a3.add(FloatVector.fromMemorySegment(F, seg, i + 3L * step, ByteOrder.LITTLE_ENDIAN));
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i + 4 <= to; i += 4) {
            s += seg.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, i);
        }
        return s;
    }
}
