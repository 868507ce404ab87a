package io.radinfer.kernels.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool that splits an index range (rows, heads) across threads: {@code threads - 1} daemon workers
 * plus the calling thread. Each {@link #run} cuts {@code [0, n)} into chunks aligned to a grain and hands
 * them out through one atomic counter, so every index is done exactly once, whichever thread is faster
 * (the machines we run on are shared and noisy; static halves would wait on the slower core).
 *
 * <p>A call allocates nothing. Workers spin briefly for the next call (decode issues a few hundred calls
 * per token, microseconds apart) and then park. With one thread everything runs on the caller.
 *
 * <p>Not re-entrant: one {@code run} at a time, from one caller thread at a time.
 */
public final class WorkerPool implements AutoCloseable {
    /** Spin iterations before a waiting thread parks; a few tens of microseconds on current x86. */
    private static final int SPIN = 20_000;
    /** Chunks per thread: enough to even out a slow core, few enough to keep the counter cold. */
    private static final int CHUNKS_PER_THREAD = 4;

    private final int threads;
    private final Thread[] workers;

    // Published by the volatile write to `generation`.
    private RangeTask task;
    private int n;
    private int chunk;
    private int chunks;

    private volatile long generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** A pool that runs each range on {@code threads} threads (the caller included); {@code threads >= 1}. */
    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Worker(this, i + 1);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * The index of the calling thread in this pool: 1..threads-1 on one of its workers, 0 on any other thread
     * (the caller of {@link #run}). Lets a task keep per-thread partial results in plain arrays without locks
     * or thread-locals.
     */
    public int workerIndex() {
        return Thread.currentThread() instanceof Worker w && w.pool == this ? w.index : 0;
    }

    private static final class Worker extends Thread {
        final WorkerPool pool;
        final int index;

        Worker(WorkerPool pool, int index) {
            super(pool::workerLoop, "radinfer-worker-" + index);
            this.pool = pool;
            this.index = index;
        }
    }

    /** Runs {@code task} over {@code [0, n)}; chunk boundaries are multiples of 1. */
    public void run(RangeTask task, int n) {
        run(task, n, 1);
    }

    /**
     * Runs {@code task} over {@code [0, n)} and returns when every index is done. Chunk boundaries (except
     * the end) are multiples of {@code grain}. An exception thrown by the task on any thread is rethrown
     * here once all threads have stopped.
     */
    public void run(RangeTask task, int n, int grain) {
        run(task, n, grain, null);
    }

    /**
     * {@link #run(RangeTask, int, int)}, with the calling thread first running {@code alongside} (if not
     * null) while the workers start on the range; the caller then joins the range, so the workers take the
     * chunks it did not get to. For serial work that the range does not depend on (the protection layer's
     * expected checksums of an op's input). An exception from {@code alongside} stops the range and is
     * rethrown like one from the task.
     */
    public void run(RangeTask task, int n, int grain, Runnable alongside) {
        if (closed) {
            throw new IllegalStateException("worker pool is closed");
        }
        if (n <= 0) {
            return;
        }
        if (threads == 1 || n <= grain) {
            if (alongside != null) {
                alongside.run();
            }
            task.run(0, n);
            return;
        }
        int units = (n + grain - 1) / grain;
        int unitsPerChunk = Math.max(1, units / (threads * CHUNKS_PER_THREAD));
        this.task = task;
        this.n = n;
        this.chunk = unitsPerChunk * grain;
        this.chunks = (n + chunk - 1) / chunk;
        nextChunk.set(0);
        failure.set(null);
        pending.set(workers.length);
        caller = Thread.currentThread();
        generation = generation + 1; // publishes the fields above
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        if (alongside != null) {
            try {
                alongside.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                nextChunk.set(chunks); // stop handing out work
            }
        }
        work();
        int spins = 0;
        while (pending.get() != 0) {
            if (++spins < SPIN) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        this.task = null;
        Throwable t = failure.get();
        if (t != null) {
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("worker failed", t);
        }
    }

    private void work() {
        RangeTask t = task;
        int c;
        while ((c = nextChunk.getAndIncrement()) < chunks) {
            int start = c * chunk;
            int end = Math.min(n, start + chunk);
            try {
                t.run(start, end);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                nextChunk.set(chunks); // stop handing out work
            }
        }
    }

    private void workerLoop() {
        long seen = 0;
        while (true) {
            int spins = 0;
            long g;
            while ((g = generation) == seen) {
                if (closed) {
                    return;
                }
                if (++spins < SPIN) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = g;
            work();
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Stops the workers. */
    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
