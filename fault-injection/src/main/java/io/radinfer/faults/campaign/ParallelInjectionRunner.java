package io.radinfer.faults.campaign;

import io.radinfer.faults.model.InjectionPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * Runs injections on several threads, writes each result as soon as it is known, and turns runs that take too
 * long into {@code hang} results.
 *
 * <p>Work distribution: each worker takes the next id from the {@link IdSchedule} (a hand-off of one id at a
 * time, so nothing is queued ahead and memory stays flat however large the campaign), plans it, runs it with
 * the {@link InjectionExecutor}, and passes the result to the {@link ResultSink} under one lock.
 *
 * <p>Hangs: a Java thread cannot be killed safely, so hangs are handled in three steps. (1) A watchdog thread
 * checks the running injections every {@code watchdogPeriod}; one running longer than {@code hangTimeout} is
 * recorded as {@code hang} at once, and its {@link Cancellation} is set. (2) A replacement worker is started, so
 * the run keeps its parallelism. (3) The old worker is abandoned: if the executor honours the cancellation (the
 * forward pass checks it between ops) it unwinds and exits, and anything it returns late is discarded; if it
 * never returns it stays a daemon thread until the JVM exits. Because such threads still burn a core, the run
 * aborts with {@link CampaignAbortedException} when more than {@code maxAbandonedThreads} of them are alive at
 * once: that means the executor ignores cancellation, which must be fixed rather than worked around.
 *
 * <pre>{@code
 * try (ResultsWriter out = ResultsWriter.open(dir.results());
 *      ProgressDisplay bar = ProgressDisplay.forThisProcess(ids.remaining(), ids.alreadyDone())) {
 *     RunStats stats = new ParallelInjectionRunner(ParallelInjectionRunner.Options.defaults(hangTimeout))
 *             .run(ids, planner::plan, executor, out, bar);
 * }
 * }</pre>
 */
public final class ParallelInjectionRunner {

    /**
     * @param threads worker threads, at least 1 (default: available processors)
     * @param hangTimeout how long one injection may run before it is a hang
     * @param watchdogPeriod how often the watchdog looks (default: a tenth of the time-out, 1..250 ms)
     * @param maxAbandonedThreads how many cancelled-but-still-running workers are tolerated (default: threads)
     */
    public record Options(int threads, Duration hangTimeout, Duration watchdogPeriod, int maxAbandonedThreads) {

        /** Checks the values. */
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            if (hangTimeout == null || hangTimeout.isNegative() || hangTimeout.isZero()) {
                throw new IllegalArgumentException("hang time-out must be positive, got " + hangTimeout);
            }
            if (watchdogPeriod == null || watchdogPeriod.isNegative() || watchdogPeriod.isZero()) {
                throw new IllegalArgumentException("watchdog period must be positive, got " + watchdogPeriod);
            }
            if (maxAbandonedThreads < 0) {
                throw new IllegalArgumentException("maxAbandonedThreads must be >= 0, got " + maxAbandonedThreads);
            }
        }

        /** All cores, the given time-out, and the default watchdog period and abandon limit. */
        public static Options defaults(Duration hangTimeout) {
            int threads = Runtime.getRuntime().availableProcessors();
            return new Options(threads, hangTimeout, defaultPeriod(hangTimeout), threads);
        }

        /** These options with another thread count (and abandon limit to match). */
        public Options withThreads(int n) {
            return new Options(n, hangTimeout, watchdogPeriod, n);
        }

        private static Duration defaultPeriod(Duration timeout) {
            long ms = Math.clamp(timeout.toMillis() / 10, 1, 250);
            return Duration.ofMillis(ms);
        }
    }

    private final Options options;

    /** A runner with these options. */
    public ParallelInjectionRunner(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Runs every id of {@code ids}.
     *
     * @param ids what to run
     * @param planner id to plan (usually {@code InjectionPlanner::plan})
     * @param executor runs one plan
     * @param sink receives each result once, never concurrently
     * @param progress told about each finished injection
     * @return counts and timing of this run
     * @throws CampaignAbortedException if the sink fails, planning fails, or too many hung workers ignore
     *         cancellation; results already written stay
     * @throws InterruptedException if the calling thread is interrupted while waiting (workers are cancelled)
     */
    public RunStats run(IdSchedule ids, LongFunction<InjectionPlan> planner, InjectionExecutor executor,
            ResultSink sink, ProgressDisplay progress) throws InterruptedException {
        Run run = new Run(ids, planner, executor, sink, progress);
        return run.execute();
    }

    /** The state of one {@link #run} call. */
    private final class Run {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int HUNG = 2;

        private final IdSchedule ids;
        private final LongFunction<InjectionPlan> planner;
        private final InjectionExecutor executor;
        private final ResultSink sink;
        private final ProgressDisplay progress;
        private final Set<Running> running = ConcurrentHashMap.newKeySet();
        private final Object sinkLock = new Object();
        private final Object lifecycle = new Object();
        private final AtomicInteger abandoned = new AtomicInteger();
        private final AtomicInteger workerNumber = new AtomicInteger();
        private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        private int liveWorkers;
        private long completed;
        private volatile boolean stopping;
        private volatile RuntimeException failure;

        Run(IdSchedule ids, LongFunction<InjectionPlan> planner, InjectionExecutor executor, ResultSink sink,
                ProgressDisplay progress) {
            this.ids = Objects.requireNonNull(ids, "ids");
            this.planner = Objects.requireNonNull(planner, "planner");
            this.executor = Objects.requireNonNull(executor, "executor");
            this.sink = Objects.requireNonNull(sink, "sink");
            this.progress = Objects.requireNonNull(progress, "progress");
        }

        RunStats execute() throws InterruptedException {
            long start = System.nanoTime();
            Thread watchdog = Thread.ofPlatform().daemon().name("radinfer-watchdog").start(this::watch);
            try {
                for (int i = 0; i < options.threads(); i++) {
                    startWorker();
                }
                synchronized (lifecycle) {
                    while (liveWorkers > 0 && failure == null) {
                        lifecycle.wait();
                    }
                    // After a failure the workers have been cancelled; give them one time-out to unwind.
                    long deadline = System.nanoTime() + options.hangTimeout().toNanos();
                    while (liveWorkers > 0 && System.nanoTime() < deadline) {
                        lifecycle.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    }
                }
            } catch (InterruptedException e) {
                stopping = true;
                running.forEach(r -> r.cancellation.cancel());
                throw e;
            } finally {
                watchdog.interrupt();
                watchdog.join();
            }
            if (failure != null) {
                throw failure;
            }
            synchronized (sinkLock) {
                return new RunStats(completed, outcomes, Duration.ofNanos(System.nanoTime() - start),
                        options.threads(), abandoned.get());
            }
        }

        private void startWorker() {
            synchronized (lifecycle) {
                liveWorkers++;
            }
            Thread.ofPlatform().daemon().name("radinfer-inject-" + workerNumber.incrementAndGet()).start(this::work);
        }

        private void work() {
            boolean wasAbandoned = false;
            try {
                while (!stopping) {
                    long id = ids.next();
                    if (id < 0) {
                        return;
                    }
                    Step step = runOne(id);
                    if (step != Step.CONTINUE) {
                        wasAbandoned = step == Step.ABANDONED;
                        return;
                    }
                }
            } finally {
                // An abandoned worker was already taken off the live count when the watchdog replaced it.
                if (!wasAbandoned) {
                    workerExited();
                }
            }
        }

        private void workerExited() {
            synchronized (lifecycle) {
                liveWorkers--;
                lifecycle.notifyAll();
            }
        }

        /** Runs one id and says whether this worker goes on, stops, or was abandoned as hung. */
        private Step runOne(long id) {
            InjectionPlan plan;
            try {
                plan = planner.apply(id);
            } catch (RuntimeException e) {
                fail(new CampaignAbortedException("planning injection " + id + " failed: "
                        + InjectionResult.describe(e), e));
                return Step.STOP;
            }
            Running r = new Running(plan, System.nanoTime(), new Cancellation());
            running.add(r);
            InjectionResult result;
            try {
                result = executor.execute(plan, r.cancellation);
                if (result == null || result.id() != id) {
                    result = InjectionResult.crash(plan, new IllegalStateException("the executor returned "
                            + (result == null ? "no result" : "the result of id " + result.id())
                            + " for injection " + id), r.elapsedMs());
                }
            } catch (Throwable t) {
                // Deliberately broad: whatever a corrupted run throws, including errors such as
                // StackOverflowError, is an outcome to record, not a reason to stop the campaign.
                result = InjectionResult.crash(plan, t, r.elapsedMs());
            }
            if (!r.state.compareAndSet(RUNNING, DONE)) {
                abandoned.decrementAndGet();
                return Step.ABANDONED;
            }
            running.remove(r);
            deliver(result);
            return Step.CONTINUE;
        }

        private void watch() {
            long timeoutNanos = options.hangTimeout().toNanos();
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(options.watchdogPeriod());
                    long now = System.nanoTime();
                    for (Running r : running) {
                        if (now - r.startNanos > timeoutNanos && r.state.compareAndSet(RUNNING, HUNG)) {
                            r.cancellation.cancel();
                            running.remove(r);
                            deliver(InjectionResult.hang(r.plan, r.elapsedMs(), options.hangTimeout().toMillis()));
                            boolean overLimit = abandoned.incrementAndGet() > options.maxAbandonedThreads();
                            if (overLimit) {
                                fail(new CampaignAbortedException(abandoned.get() + " hung injections did not "
                                        + "stop when cancelled (limit " + options.maxAbandonedThreads() + "); the "
                                        + "executor must call Cancellation.checkpoint() between ops", null));
                            } else if (!stopping) {
                                // Start the replacement before retiring the hung worker, so the live count
                                // never touches zero while ids remain.
                                startWorker();
                            }
                            workerExited();
                            if (overLimit) {
                                return;
                            }
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void deliver(InjectionResult result) {
            synchronized (sinkLock) {
                if (stopping && failure != null) {
                    return;
                }
                try {
                    sink.accept(result);
                } catch (IOException | RuntimeException e) {
                    fail(new CampaignAbortedException("could not record the result of injection " + result.id()
                            + ": " + InjectionResult.describe(e) + "; results written so far are kept, rerun "
                            + "to resume", e));
                    return;
                }
                completed++;
                outcomes.merge(result.outcome(), 1L, Long::sum);
                progress.step(result.outcome());
            }
        }

        private void fail(RuntimeException e) {
            synchronized (lifecycle) {
                if (failure == null) {
                    failure = e;
                }
                stopping = true;
                lifecycle.notifyAll();
            }
            running.forEach(r -> r.cancellation.cancel());
        }
    }

    /** What a worker does after one injection. */
    private enum Step {
        CONTINUE, STOP, ABANDONED
    }

    /** One injection in flight. */
    private static final class Running {
        final InjectionPlan plan;
        final long startNanos;
        final Cancellation cancellation;
        final AtomicInteger state = new AtomicInteger();

        Running(InjectionPlan plan, long startNanos, Cancellation cancellation) {
            this.plan = plan;
            this.startNanos = startNanos;
            this.cancellation = cancellation;
        }

        double elapsedMs() {
            return (System.nanoTime() - startNanos) / 1e6;
        }
    }
}
