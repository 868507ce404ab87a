package io.radinfer.stress.protect;

import io.radinfer.kernels.parallel.RangeTask;
import io.radinfer.kernels.parallel.WorkerPool;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The pattern of spatial TMR in {@code ProtectedOps}: a 3-thread {@link WorkerPool} runs three replicas at
 * once, each writing its own slot with plain stores, and the caller votes bitwise {@code (a&b)|(a&c)|(b&c)}
 * after {@code run} returns. One replica (a different one each iteration) produces a result with one bit
 * flipped. The vote is only right if it reads all three slots complete: the happens-before edge from every
 * replica's last write to the caller's return from {@code run}.
 */
@JCStressTest
@Description("Three replicas of a 4-word result on a 3-thread pool, one replica faulty (one flipped bit), bitwise "
        + "majority by the caller after run(). r1 = 1 if the vote equals the fault-free result; r2 = how many "
        + "replicas the caller saw complete (the two good ones plus the faulty one as it was written). A "
        + "forbidden outcome means the vote read a replica before it was written: a single fault could win the "
        + "vote (a silent error TMR exists to stop), or a fault-free step could be counted as a detection.")
@Outcome(id = "1, 3", expect = ACCEPTABLE, desc = "The vote saw all three replicas complete and outvoted the faulty one.")
@Outcome(expect = FORBIDDEN, desc = "The vote saw a replica incomplete (stale zeros) or chose the faulty bits.")
@State
public class ReplicaVoteAfterPoolRun {
    static final int WORDS = 4;
    /** The faulty replica's flipped bit: a low mantissa bit, the kind of fault only the vote can see. */
    static final int FLIP = 1 << 5;
    private static final WorkerPool POOL = new WorkerPool(3);
    private static final AtomicInteger NEXT_FAULTY = new AtomicInteger();

    private final int faulty = Math.floorMod(NEXT_FAULTY.getAndIncrement(), 3);
    private final int[][] slots = new int[3][WORDS];
    private final RangeTask replicas = (start, end) -> {
        for (int s = start; s < end; s++) {
            for (int i = 0; i < WORDS; i++) {
                slots[s][i] = expected(s, i);
            }
        }
    };

    /** The fault-free result: the bits of a float that is not zero, so a stale slot cannot look right. */
    static int golden(int i) {
        return Float.floatToRawIntBits(1.5f + i);
    }

    private int expected(int slot, int i) {
        return slot == faulty ? golden(i) ^ FLIP : golden(i);
    }

    @Actor
    public void session(II_Result r) {
        POOL.run(replicas, 3, 1);
        int[] a = slots[0];
        int[] b = slots[1];
        int[] c = slots[2];
        boolean right = true;
        for (int i = 0; i < WORDS; i++) {
            right &= ((a[i] & b[i]) | (a[i] & c[i]) | (b[i] & c[i])) == golden(i);
        }
        int complete = 0;
        for (int s = 0; s < 3; s++) {
            boolean whole = true;
            for (int i = 0; i < WORDS; i++) {
                whole &= slots[s][i] == expected(s, i);
            }
            complete += whole ? 1 : 0;
        }
        r.r1 = right ? 1 : 0;
        r.r2 = complete;
    }
}
