package io.radinfer.bench;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.FloatBufferTensor;
import com.github.tjake.jlama.tensor.Q4ByteBufferTensor;
import com.github.tjake.jlama.tensor.operations.TensorOperations;
import com.github.tjake.jlama.tensor.operations.TensorOperationsProvider;
import io.radinfer.kernels.parallel.RangeTask;
import io.radinfer.kernels.parallel.WorkerPool;
import io.radinfer.kernels.parallel.ParallelKernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * The same product as {@link KernelState} through Jlama's tensor operations: its {@code FloatBufferTensor} (F32)
 * or {@code Q4ByteBufferTensor} weights (Jlama's own 4-bit blocks of 32, quantized by Jlama from the same random
 * floats radinfer's matrices are made from), activations in a {@code FloatBufferTensor}, rounded to Jlama's
 * {@code I8} blocks inside the timed call for Q4 (as Jlama's models do before every Q4 product), and {@code
 * TensorOperations.dotProductChunk} (its Panama {@code batchDotProduct}) over row ranges handed out by the same
 * {@link WorkerPool} radinfer's kernels use, so both engines get the same threads and the same split.
 *
 * <p>jlama-core has no kernel for 8-bit weights (its {@code Q8ByteBufferTensor} holds activations only;
 * {@code batchDotProduct} throws for I8 weights), so there is no Jlama Q8_0 state: {@link JlamaProbe} records the
 * error for the report. Its I8 x Q4 kernel also fails on rows whose length is not a multiple of 512 (4096x11008:
 * 11008 = 21.5 x 512) with a bare {@code RuntimeException} from {@code Q8ByteBufferTensor.getFactorForIndex};
 * the probe records that too.
 *
 * <p>Setup checks Jlama's output against a double-precision product of the original floats (first and last
 * activation vector), so a mis-wired call cannot pass for a fast one.
 */
final class JlamaKernelState implements AutoCloseable {
    final int rows;
    final int cols;
    final int batch;
    final boolean q4;
    final long weightBytes;
    private final TensorOperations ops = TensorOperationsProvider.get();
    private final WorkerPool pool;
    private final AbstractTensor<?, ?> w;
    private final FloatBufferTensor x;
    private final FloatBufferTensor y;
    private final ChunkTask task = new ChunkTask();

    JlamaKernelState(String type, String shape, int batch, int threads) {
        this.q4 = switch (type) {
            case "F32" -> false;
            case "Q4_0" -> true;
            default -> throw new IllegalArgumentException("Jlama runs F32 and Q4 weights, not '" + type + "'");
        };
        int[] s = BenchSupport.shape(shape);
        this.rows = s[0];
        this.cols = s[1];
        this.batch = batch;
        this.pool = new WorkerPool(threads);
        float[] xs = BenchSupport.randomVector(cols * batch, 7);
        this.x = new FloatBufferTensor(batch, cols);
        copy(xs, 0, cols * batch, x.getMemorySegment(), 0);
        this.y = new FloatBufferTensor(batch, rows);
        // The same floats as BenchSupport.randomMatrix(type, rows, cols, 42, ..) before rounding.
        FloatBufferTensor wf = new FloatBufferTensor(rows, cols);
        double[] ref0 = new double[rows];
        double[] refLast = new double[rows];
        SplittableRandom rnd = new SplittableRandom(42);
        float[] row = new float[cols];
        MemorySegment ws = wf.getMemorySegment();
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < cols; i++) {
                row[i] = (float) (rnd.nextDouble() * 2 - 1);
                ref0[r] += (double) row[i] * xs[i];
                refLast[r] += (double) row[i] * xs[(batch - 1) * cols + i];
            }
            copy(row, 0, cols, ws, (long) r * cols * Float.BYTES);
        }
        if (q4) {
            this.w = new Q4ByteBufferTensor(wf);
            wf.close();
            // 16 bytes of nibbles per block of 32 plus a float scale per block, Jlama's layout.
            this.weightBytes = (long) rows * (cols / 2 + cols / 32 * Float.BYTES);
        } else {
            this.w = wf;
            this.weightBytes = (long) rows * cols * Float.BYTES;
        }
        try {
            run();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Jlama's " + type + " product fails at " + shape + ", batch " + batch
                    + " (its I8 x Q4 kernels need rows of a multiple of 512 values here): " + e, e);
        }
        check(ref0, 0);
        check(refLast, batch - 1);
    }

    private static void copy(float[] src, int from, int n, MemorySegment dst, long off) {
        MemorySegment.copy(src, from, dst, ValueLayout.JAVA_FLOAT_UNALIGNED, off, n);
    }

    private void check(double[] ref, int b) {
        double err = 0;
        double norm = 0;
        for (int r = 0; r < rows; r++) {
            double d = y.get(b, r) - ref[r];
            err += d * d;
            norm += ref[r] * ref[r];
        }
        double rel = Math.sqrt(err / norm);
        // Q4 rounding of weights and activations gives a few percent; F32 a rounding error.
        double bound = q4 ? 0.15 : 1e-4;
        if (!(rel <= bound)) {
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "Jlama's %s product of %dx%d, batch %d, vector %d is off by %.3g (relative RMS, bound %.3g):"
                            + " the call is not computing W x", q4 ? "Q4" : "F32", rows, cols, batch, b, rel, bound));
        }
    }

    /** One product, {@code Y = W X}. */
    float run() {
        task.a = q4 ? ops.quantize(x, DType.I8, 0, cols) : x;
        pool.run(task, rows, ParallelKernels.ROW_GRAIN);
        if (q4) {
            task.a.close();
        }
        task.a = null;
        return y.get(0, 0) + y.get(batch - 1, rows - 1);
    }

    private final class ChunkTask implements RangeTask {
        AbstractTensor<?, ?> a;

        @Override
        public void run(int start, int end) {
            ops.dotProductChunk(y, a, w, 0, cols, start, end - start);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
