package io.radinfer.kernels.parallel;

/**
 * Work over a half-open index range, run by a {@link WorkerPool}. Implementations are long-lived objects
 * whose fields the caller sets before each {@link WorkerPool#run} (no lambda capture per call, so a decode
 * step allocates nothing).
 */
@FunctionalInterface
public interface RangeTask {
    /** Does the work for indices {@code [start, end)}. */
    void run(int start, int end);
}
