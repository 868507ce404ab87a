package io.radinfer.faults.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radinfer.faults.model.InjectionPlanner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RunnerTest {
    @TempDir
    Path dir;

    private static ParallelInjectionRunner runner(int threads, long timeoutMs, int maxAbandoned) {
        return new ParallelInjectionRunner(new ParallelInjectionRunner.Options(threads, Duration.ofMillis(timeoutMs),
                Duration.ofMillis(5), maxAbandoned));
    }

    private static List<InjectionResult> collect(ParallelInjectionRunner runner, long n, InjectionExecutor executor)
            throws InterruptedException {
        List<InjectionResult> out = Collections.synchronizedList(new ArrayList<>());
        InjectionPlanner planner = CampaignFixtures.planner(42);
        runner.run(new IdSchedule(n, ShardSpec.ALL, DoneIds.none()), planner::plan, executor, out::add,
                ProgressDisplay.quiet());
        return out;
    }

    @Test
    void runsEveryIdOnceAndClassifiesThrowsAsCrashes() throws Exception {
        List<InjectionResult> results = collect(runner(2, 5000, 2), 300, CampaignFixtures.fakeExecutor());
        assertEquals(300, results.size());
        Map<Long, InjectionResult> byId = new HashMap<>();
        results.forEach(r -> byId.put(r.id(), r));
        assertEquals(300, byId.size());
        long crashes = results.stream().filter(r -> r.outcome() == Outcome.CRASH).count();
        assertTrue(crashes > 0, "the fixture crashes on some plans");
        InjectionResult crash = results.stream().filter(r -> r.outcome() == Outcome.CRASH).findFirst().orElseThrow();
        assertEquals("java.lang.ArithmeticException: NaN in logits", crash.error());
    }

    @Test
    void replayingAnIdAloneReproducesItsOutcome() throws Exception {
        List<InjectionResult> full = collect(runner(2, 5000, 2), 120, CampaignFixtures.fakeExecutor());
        assertEquals(120, full.size());
        ParallelInjectionRunner single = runner(1, 5000, 1);
        for (InjectionResult r : full) {
            // A replay: a fresh planner, the one id, on its own.
            List<InjectionResult> alone = new ArrayList<>();
            InjectionPlanner fresh = CampaignFixtures.planner(42);
            single.run(IdSchedule.only(r.id()), fresh::plan, CampaignFixtures.fakeExecutor(), alone::add,
                    ProgressDisplay.quiet());
            assertEquals(1, alone.size());
            assertTrue(alone.get(0).sameOutcomeAs(r), "id " + r.id() + ": " + alone.get(0) + " vs " + r);
        }
    }

    @Test
    void keepsAllThreadsBusy() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        InjectionExecutor slow = (plan, c) -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            Thread.sleep(2);
            inFlight.decrementAndGet();
            return CampaignFixtures.classify(plan);
        };
        collect(runner(2, 5000, 2), 100, slow);
        assertEquals(2, maxInFlight.get());
    }

    @Test
    void aRunThatHonoursCancellationBecomesAHangAndTheCampaignGoesOn() throws Exception {
        InjectionExecutor sometimesLoops = (plan, c) -> {
            if (plan.id() % 10 == 3) {
                while (true) {
                    c.checkpoint();
                    Thread.onSpinWait();
                }
            }
            return CampaignFixtures.classify(plan);
        };
        List<InjectionResult> results = collect(runner(2, 200, 2), 40, sometimesLoops);
        assertEquals(40, results.size());
        List<Long> hung = results.stream().filter(r -> r.outcome() == Outcome.HANG).map(InjectionResult::id).sorted()
                .toList();
        assertEquals(List.of(3L, 13L, 23L, 33L), hung);
        InjectionResult h = results.stream().filter(r -> r.outcome() == Outcome.HANG).findFirst().orElseThrow();
        assertTrue(h.durationMs() >= 200, "recorded after the time-out: " + h.durationMs());
        assertTrue(h.error().contains("200 ms"), h.error());
    }

    @Test
    void aRunThatIgnoresCancellationIsAbandonedAndReplaced() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InjectionExecutor stuckOnce = (plan, c) -> {
            if (plan.id() == 5) {
                release.await();
                return CampaignFixtures.classify(plan);
            }
            return CampaignFixtures.classify(plan);
        };
        List<InjectionResult> out = Collections.synchronizedList(new ArrayList<>());
        InjectionPlanner planner = CampaignFixtures.planner(42);
        RunStats stats = runner(1, 200, 1).run(new IdSchedule(30, ShardSpec.ALL, DoneIds.none()), planner::plan,
                stuckOnce, out::add, ProgressDisplay.quiet());
        release.countDown();
        assertEquals(30, out.size(), "the replacement worker finished the other ids");
        assertEquals(1, stats.count(Outcome.HANG));
        assertEquals(1, stats.abandonedThreads());
        assertEquals(30, stats.completed());
    }

    @Test
    void tooManyAbandonedWorkersAbortTheRun() {
        CountDownLatch never = new CountDownLatch(1);
        InjectionExecutor ignoresCancel = (plan, c) -> {
            never.await();
            return null;
        };
        List<InjectionResult> out = Collections.synchronizedList(new ArrayList<>());
        InjectionPlanner planner = CampaignFixtures.planner(42);
        CampaignAbortedException e = assertThrows(CampaignAbortedException.class,
                () -> runner(1, 30, 2).run(new IdSchedule(20, ShardSpec.ALL, DoneIds.none()), planner::plan,
                        ignoresCancel, out::add, ProgressDisplay.quiet()));
        never.countDown();
        assertTrue(e.getMessage().contains("checkpoint"), e.getMessage());
        assertEquals(3, out.stream().filter(r -> r.outcome() == Outcome.HANG).count());
    }

    @Test
    void aFailingSinkAbortsAndAResumeCompletesTheCampaign() throws Exception {
        CampaignDirectory campaign = new CampaignDirectory(dir.resolve("c"));
        CampaignManifest manifest = CampaignFixtures.manifest(200, null);
        InjectionPlanner planner = CampaignFixtures.planner(42);
        DoneIds done = campaign.prepare(manifest);
        try (ResultsWriter writer = ResultsWriter.open(campaign.results())) {
            AtomicInteger accepted = new AtomicInteger();
            ResultSink failsLater = r -> {
                if (accepted.incrementAndGet() > 70) {
                    throw new IOException("disk full");
                }
                writer.accept(r);
            };
            CampaignAbortedException e = assertThrows(CampaignAbortedException.class,
                    () -> runner(2, 5000, 2).run(new IdSchedule(200, ShardSpec.ALL, done), planner::plan,
                            CampaignFixtures.fakeExecutor(), failsLater, ProgressDisplay.quiet()));
            assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        }
        DoneIds resumed = campaign.prepare(manifest);
        assertEquals(70, resumed.count());
        IdSchedule rest = new IdSchedule(200, ShardSpec.ALL, resumed);
        assertEquals(130, rest.remaining());
        try (ResultsWriter writer = ResultsWriter.open(campaign.results())) {
            RunStats stats = runner(2, 5000, 2).run(rest, planner::plan, CampaignFixtures.fakeExecutor(), writer,
                    ProgressDisplay.quiet());
            assertEquals(130, stats.completed());
        }
        Map<Long, Integer> seen = new HashMap<>();
        ResultsReader.read(campaign.results(), (r, line) -> seen.merge(r.id(), 1, Integer::sum));
        assertEquals(200, seen.size());
        assertTrue(seen.values().stream().allMatch(c -> c == 1), "no id written twice");
    }

    @Test
    void tenThousandInjectionsAreEachWrittenOnce() throws Exception {
        CampaignDirectory campaign = new CampaignDirectory(dir.resolve("big"));
        InjectionPlanner planner = CampaignFixtures.planner(7);
        campaign.prepare(CampaignFixtures.manifest(10_000, null));
        RunStats stats;
        try (ResultsWriter writer = ResultsWriter.open(campaign.results())) {
            stats = runner(2, 5000, 2).run(new IdSchedule(10_000, ShardSpec.ALL, DoneIds.none()), planner::plan,
                    CampaignFixtures.fakeExecutor(), writer, ProgressDisplay.quiet());
        }
        assertEquals(10_000, stats.completed());
        assertEquals(10_000, DoneIds.read(campaign.results()).count());
        assertTrue(stats.injectionsPerSecond() > 0);
    }

    @Test
    void progressBarShowsRateAndCountsOnlyWhenInteractive() {
        assertTrue(ProgressDisplay.interactive(true, Map.of()));
        assertTrue(!ProgressDisplay.interactive(true, Map.of("CI", "true")));
        assertTrue(!ProgressDisplay.interactive(false, Map.of()));
        List<String> frames = Collections.synchronizedList(new ArrayList<>());
        try (ProgressDisplay bar = ProgressDisplay.bar(10, 5,
                new me.tongfei.progressbar.DelegatingProgressBarConsumer(frames::add))) {
            bar.step(Outcome.SDC);
            bar.step(Outcome.MASKED);
        }
        String last = frames.get(frames.size() - 1);
        assertTrue(last.contains("7/15") && last.contains("inj/s") && last.contains("sdc 1"), last);
    }
}
