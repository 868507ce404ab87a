package io.radinfer.stress.parallel;

import io.radinfer.kernels.parallel.RangeTask;
import io.radinfer.kernels.parallel.WorkerPool;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIIIII_Result;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The worker pool hands out rows through one atomic counter while the caller and two workers race for them.
 * One pool serves every iteration of a run, so it also covers reuse: each {@code run} is a new generation,
 * and a worker that ran a stale task would add a row to an earlier iteration's counts, which the arbiter
 * reads after later runs have started.
 */
@JCStressTest
@Description("WorkerPool.run(task, 4, 1) on a 3-thread pool (the caller and two workers race for four one-row "
        + "chunks). r1..r4: how many times each row ran, counted atomically and read by the arbiter; r5..r8: each "
        + "row's plain write as the caller sees it right after run() returns. A forbidden outcome means a row "
        + "of a matvec was skipped, computed twice (or by a stale task), or its output was not yet visible to "
        + "the thread that goes on to use it: wrong logits with no fault to blame.")
@Outcome(id = "1, 1, 1, 1, 1, 1, 1, 1", expect = ACCEPTABLE,
        desc = "Every row ran exactly once, and the caller sees every row's result when run() returns.")
@Outcome(expect = FORBIDDEN,
        desc = "A row ran 0 or 2+ times, or its write was not visible to the caller after run() returned.")
@State
public class WorkerPoolRowHandout {
    /** Rows per run: more than the chunks one thread can take before the others start. */
    static final int ROWS = 4;
    /** Caller plus two workers: two threads can race each other for the counter, not only the caller. */
    private static final WorkerPool POOL = new WorkerPool(3);

    private final AtomicIntegerArray runs = new AtomicIntegerArray(ROWS);
    private final int[] written = new int[ROWS];
    private final RangeTask task = (start, end) -> {
        for (int r = start; r < end; r++) {
            runs.incrementAndGet(r);
            written[r] = 1;
        }
    };

    @Actor
    public void caller(IIIIIIII_Result r) {
        POOL.run(task, ROWS, 1);
        r.r5 = written[0];
        r.r6 = written[1];
        r.r7 = written[2];
        r.r8 = written[3];
    }

    @Arbiter
    public void counts(IIIIIIII_Result r) {
        r.r1 = runs.get(0);
        r.r2 = runs.get(1);
        r.r3 = runs.get(2);
        r.r4 = runs.get(3);
    }
}
