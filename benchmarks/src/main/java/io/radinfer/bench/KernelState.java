package io.radinfer.bench;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.parallel.ParallelKernels;
import io.radinfer.kernels.parallel.WorkerPool;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.Arena;

/**
 * A weight matrix, activations and a worker pool for one matrix product configuration; shared by the kernel
 * and peer benchmarks so they measure exactly the same call.
 *
 * <p>{@code kernel} names the weight type and path: {@code F32}, {@code Q8_0/float}, {@code Q8_0/int},
 * {@code Q4_0/float}, {@code Q4_0/int}. The integer path's timed call includes rounding the activations to Q8
 * ({@link Kernels#quantizeQ8}), as a forward pass does before its products.
 */
final class KernelState implements AutoCloseable {
    final GgmlType type;
    final boolean integer;
    final int rows;
    final int cols;
    final int batch;
    final Kernels kernels;
    final WorkerPool pool;
    final ParallelKernels par;
    final Arena arena = Arena.ofShared();
    final Tensor w;
    final float[] x;
    final Q8Activations xq;
    final float[] y;

    KernelState(String kernel, String shape, int batch, int threads, Kernels kernels) {
        String[] k = kernel.split("/");
        this.type = GgmlType.valueOf(k[0]);
        this.integer = k.length > 1 && k[1].equals("int");
        if (k.length > 1 && !k[1].equals("int") && !k[1].equals("float")) {
            throw new IllegalArgumentException("kernel path must be float or int, got '" + kernel + "'");
        }
        int[] s = BenchSupport.shape(shape);
        this.rows = s[0];
        this.cols = s[1];
        this.batch = batch;
        this.kernels = kernels;
        this.pool = new WorkerPool(threads);
        this.par = new ParallelKernels(kernels, pool);
        this.w = BenchSupport.randomMatrix(type, rows, cols, 42, arena);
        this.x = BenchSupport.randomVector(cols * batch, 7);
        this.xq = integer ? new Q8Activations(cols * batch) : null;
        this.y = new float[rows * batch];
    }

    /** One product: {@code y = W x} for a batch of one, {@code Y = W X} otherwise. */
    float run() {
        if (batch == 1) {
            if (integer) {
                kernels.quantizeQ8(x, 0, cols, xq, 0);
                par.matvecQ8(w, xq, 0, y);
            } else {
                par.matvec(w, x, 0, y);
            }
        } else {
            if (integer) {
                kernels.quantizeQ8(x, 0, cols * batch, xq, 0);
                par.matmulQ8(w, xq, batch, y, rows);
            } else {
                par.matmul(w, x, batch, y, rows);
            }
        }
        return y[0] + y[y.length - 1];
    }

    @Override
    public void close() {
        pool.close();
        arena.close();
    }
}
