package io.radinfer.kernels.parallel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerPoolTest {

    @Test
    void everyIndexIsDoneExactlyOnceWithGrainAlignedChunks() {
        for (int threads = 1; threads <= 3; threads++) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                for (int n : new int[] {1, 15, 16, 17, 100, 4099}) {
                    for (int grain : new int[] {1, 16}) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(n);
                        int g = grain;
                        pool.run((s, e) -> {
                            assertTrue(s % g == 0 || s == 0, "chunk start " + s + " not aligned to " + g);
                            for (int i = s; i < e; i++) {
                                hits.incrementAndGet(i);
                            }
                        }, n, grain);
                        for (int i = 0; i < n; i++) {
                            assertEquals(1, hits.get(i), "index " + i + " n=" + n + " threads=" + threads);
                        }
                    }
                }
            }
        }
    }

    @Test
    void manyCallsInARowStayCorrect() {
        try (WorkerPool pool = new WorkerPool(2)) {
            long[] sums = new long[1000];
            for (int call = 0; call < 20_000; call++) {
                int c = call;
                pool.run((s, e) -> {
                    for (int i = s; i < e; i++) {
                        sums[i] += c;
                    }
                }, 1000, 16);
            }
            long expect = 20_000L * 19_999 / 2;
            for (long s : sums) {
                assertEquals(expect, s);
            }
        }
    }

    @Test
    void aTaskFailureIsRethrownToTheCaller() {
        try (WorkerPool pool = new WorkerPool(2)) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException got = assertThrows(IllegalStateException.class, () -> pool.run((s, e) -> {
                if (s <= 500 && 500 < e) {
                    throw boom;
                }
            }, 1000, 1));
            assertSame(boom, got);
            // The pool still works afterwards.
            AtomicIntegerArray hits = new AtomicIntegerArray(10);
            pool.run((s, e) -> {
                for (int i = s; i < e; i++) {
                    hits.incrementAndGet(i);
                }
            }, 10, 1);
            for (int i = 0; i < 10; i++) {
                assertEquals(1, hits.get(i));
            }
        }
    }

    /**
     * Work run alongside runs once, on the calling thread, before the caller joins the range; the range is
     * still done exactly once; an exception from it reaches the caller after the workers stopped, and the
     * pool stays usable.
     */
    @Test
    void workAlongsideRunsOnceOnTheCallerAndFailuresReachIt() {
        for (int threads = 1; threads <= 3; threads++) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                for (int n : new int[] {1, 16, 4099}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    int[] alongside = new int[1];
                    Thread caller = Thread.currentThread();
                    pool.run((s, e) -> {
                        for (int i = s; i < e; i++) {
                            hits.incrementAndGet(i);
                        }
                    }, n, 16, () -> {
                        assertSame(caller, Thread.currentThread());
                        alongside[0]++;
                    });
                    assertEquals(1, alongside[0], "n=" + n + " threads=" + threads);
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i), "index " + i + " n=" + n + " threads=" + threads);
                    }
                }
                IllegalStateException boom = new IllegalStateException("boom");
                assertSame(boom, assertThrows(IllegalStateException.class,
                        () -> pool.run((s, e) -> { }, 1000, 16, () -> {
                            throw boom;
                        })));
                AtomicIntegerArray after = new AtomicIntegerArray(100);
                pool.run((s, e) -> {
                    for (int i = s; i < e; i++) {
                        after.incrementAndGet(i);
                    }
                }, 100, 1, null);
                for (int i = 0; i < 100; i++) {
                    assertEquals(1, after.get(i));
                }
            }
        }
    }

    @Test
    void rejectsBadThreadCountsAndUseAfterClose() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
        WorkerPool pool = new WorkerPool(2);
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.run((s, e) -> { }, 10));
    }
}
