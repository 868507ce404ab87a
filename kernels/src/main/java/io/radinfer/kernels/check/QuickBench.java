package io.radinfer.kernels.check;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.kernels.parallel.ParallelKernels;
import io.radinfer.kernels.parallel.RangeTask;
import io.radinfer.kernels.parallel.WorkerPool;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A short timed benchmark of the decode matvecs: F32, Q8_0 and Q4_0 weights, float and integer paths, at
 * 4096x4096 (rows x cols; the quantized matrices fit in a 32 MB L3) and 11008x4096 (an FFN matrix, streamed
 * from DRAM), on 1 and 2 threads, plus a read-bandwidth measurement over a large off-heap segment so each
 * matvec is reported as a fraction of what this JVM can read from memory. Each vector row at 1 thread is also
 * timed with the scalar twin.
 *
 * <p>Figures are from short runs (a fraction of a second each) on whatever else the machine is doing: good
 * for a ratio within one run, not for a published number (the JMH benchmarks are for that). The timed loops
 * allocate nothing.
 */
public final class QuickBench {
    /** Rows x cols of the benchmarked matrices. */
    public static final int[][] SHAPES = {{4096, 4096}, {11008, 4096}};
    /** Bytes read by the bandwidth measurement (well past any cache). */
    public static final long BANDWIDTH_BYTES = 512L << 20;

    /** One measured matvec. {@code vsScalar} is NaN where the scalar twin was not timed. */
    public record Row(int rows, int cols, GgmlType type, String path, int threads, double millis, double gbPerSec,
            double bandwidthPercent, double vsScalar) {
    }

    /** The whole run: which kernels, the read bandwidth at 1 and 2 threads (GB/s), and the rows. */
    public record Report(String kernels, double bandwidth1, double bandwidth2, List<Row> rows) {
        /** A fixed-width table for a terminal. */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "read bandwidth (sum over a %d MiB off-heap segment): "
                    + "%.1f GB/s at 1 thread, %.1f GB/s at 2 threads%n", BANDWIDTH_BYTES >> 20, bandwidth1,
                    bandwidth2));
            sb.append(String.format(Locale.ROOT, "%-11s %-5s %-7s %7s %9s %7s %8s %9s%n", "shape", "type", "path",
                    "threads", "ms/call", "GB/s", "% of BW", "vs scalar"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "%-11s %-5s %-7s %7d %9.3f %7.1f %7.0f%% %9s%n",
                        r.rows() + "x" + r.cols(), r.type(), r.path(), r.threads(), r.millis(), r.gbPerSec(),
                        r.bandwidthPercent(), Double.isNaN(r.vsScalar()) ? "" : String.format(Locale.ROOT, "%.1fx",
                                r.vsScalar())));
            }
            sb.append("GB/s = weight bytes read per second; % of BW = of the read bandwidth at the same thread "
                    + "count; vs scalar = speed-up over the scalar twin at 1 thread.\n");
            return sb.toString();
        }
    }

    private final Kernels kernels;
    private final double secondsPerRun;

    /**
     * @param kernels the kernels to measure (normally {@code KernelProvider.kernels()})
     * @param secondsPerRun timed seconds per row (after a warm-up of a third of that); e.g. 0.25
     */
    public QuickBench(Kernels kernels, double secondsPerRun) {
        if (!(secondsPerRun > 0 && secondsPerRun <= 60)) {
            throw new IllegalArgumentException("secondsPerRun must be in (0, 60], got " + secondsPerRun);
        }
        this.kernels = kernels;
        this.secondsPerRun = secondsPerRun;
    }

    /** Runs everything (about {@code 32 * secondsPerRun} seconds plus set-up). */
    public Report run() {
        boolean compareScalar = !(kernels instanceof ScalarKernels);
        Kernels scalar = new ScalarKernels();
        List<Row> rows = new ArrayList<>();
        double bw1;
        double bw2;
        try (Arena arena = Arena.ofShared();
                WorkerPool one = new WorkerPool(1);
                WorkerPool two = new WorkerPool(2)) {
            MemorySegment big = arena.allocate(BANDWIDTH_BYTES, 64);
            bw1 = bandwidth(big, one);
            bw2 = bandwidth(big, two);
            ParallelKernels[] par = {new ParallelKernels(kernels, one), new ParallelKernels(kernels, two)};
            ParallelKernels scalarPar = new ParallelKernels(scalar, one);
            SplittableRandom rnd = new SplittableRandom(42);
            for (int[] shape : SHAPES) {
                int n = shape[1];
                float[] x = new float[n];
                for (int i = 0; i < n; i++) {
                    x[i] = (float) (rnd.nextDouble() * 2 - 1);
                }
                Q8Activations xq = new Q8Activations(n);
                scalar.quantizeQ8(x, 0, n, xq, 0);
                float[] y = new float[shape[0]];
                for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_0}) {
                    try (Arena wa = Arena.ofShared()) {
                        Tensor w = randomWeight(type, shape[0], n, wa, rnd);
                        for (boolean integer : type == GgmlType.F32 ? new boolean[] {false}
                                : new boolean[] {false, true}) {
                            double scalarMs = Double.NaN;
                            if (compareScalar) {
                                scalarMs = time(scalarPar, w, x, xq, y, integer, secondsPerRun / 2);
                            }
                            for (int t = 0; t < 2; t++) {
                                double ms = time(par[t], w, x, xq, y, integer, secondsPerRun);
                                double gbs = w.byteSize() / (ms * 1e6);
                                double bw = t == 0 ? bw1 : bw2;
                                rows.add(new Row(shape[0], n, type, integer ? "integer" : "float", t + 1, ms, gbs,
                                        100 * gbs / bw, t == 0 ? scalarMs / ms : Double.NaN));
                            }
                        }
                    }
                }
            }
        }
        return new Report(kernels.name(), bw1, bw2, List.copyOf(rows));
    }

    /** Milliseconds per matvec: warm-up for a third of the budget, then the mean over the timed calls. */
    private static double time(ParallelKernels pk, Tensor w, float[] x, Q8Activations xq, float[] y,
            boolean integer, double seconds) {
        long budget = (long) (seconds * 1e9);
        long end = System.nanoTime() + budget / 3;
        int warm = 0;
        while (warm < 2 || System.nanoTime() < end) {
            call(pk, w, x, xq, y, integer);
            warm++;
        }
        long start = System.nanoTime();
        end = start + budget;
        int calls = 0;
        long now;
        do {
            call(pk, w, x, xq, y, integer);
            calls++;
            now = System.nanoTime();
        } while (calls < 2 || now < end);
        return (now - start) / 1e6 / calls;
    }

    private static void call(ParallelKernels pk, Tensor w, float[] x, Q8Activations xq, float[] y, boolean integer) {
        if (integer) {
            pk.matvecQ8(w, xq, 0, y);
        } else {
            pk.matvec(w, x, 0, y);
        }
    }

    /** A weight of random values: F32 in [-1, 1]; quantized blocks of random bytes with a small f16 scale. */
    static Tensor randomWeight(GgmlType type, int rows, int cols, Arena arena, SplittableRandom rnd) {
        Tensor w = Tensor.allocate("bench." + type, type, arena, cols, rows);
        MemorySegment s = w.data();
        if (type == GgmlType.F32) {
            for (long i = 0; i < s.byteSize() / 4; i++) {
                s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) (rnd.nextDouble() * 2 - 1));
            }
            return w;
        }
        long words = s.byteSize() / 8;
        for (long i = 0; i < words; i++) {
            s.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, rnd.nextLong());
        }
        for (long i = words * 8; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt());
        }
        long blockBytes = type.blockBytes();
        for (long off = 0; off < s.byteSize(); off += blockBytes) {
            F16.set(s, off, 0.001f + (float) rnd.nextDouble() * 0.01f);
        }
        return w;
    }

    /** Best of three passes over {@code seg}, GB/s. */
    static double bandwidth(MemorySegment seg, WorkerPool pool) {
        ReadTask task = new ReadTask(seg, pool);
        int chunks = (int) (seg.byteSize() / ReadTask.CHUNK);
        pool.run(task, chunks); // touch
        double best = 0;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            pool.run(task, chunks);
            long t = System.nanoTime() - t0;
            best = Math.max(best, seg.byteSize() / (double) t);
        }
        if (task.sink() == 42) {
            System.out.print(""); // keeps the sums alive
        }
        return best;
    }

    /** Sums longs over 1 MiB chunks with four independent accumulators. */
    private static final class ReadTask implements RangeTask {
        static final long CHUNK = 1L << 20;
        private final MemorySegment seg;
        private final WorkerPool pool;
        private final long[] sums;

        ReadTask(MemorySegment seg, WorkerPool pool) {
            this.seg = seg;
            this.pool = pool;
            this.sums = new long[pool.threads() * 8];
        }

        @Override
        public void run(int start, int end) {
            MemorySegment s = seg;
            long a = 0;
            long b = 0;
            long c = 0;
            long d = 0;
            for (long off = start * CHUNK; off < end * CHUNK; off += 32) {
                a += s.get(ValueLayout.JAVA_LONG, off);
                b += s.get(ValueLayout.JAVA_LONG, off + 8);
                c += s.get(ValueLayout.JAVA_LONG, off + 16);
                d += s.get(ValueLayout.JAVA_LONG, off + 24);
            }
            sums[pool.workerIndex() * 8] += a + b + c + d;
        }

        long sink() {
            long s = 0;
            for (long v : sums) {
                s += v;
            }
            return s;
        }
    }
}
