package io.radinfer.stress.protect;

import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.protect.WeightScrubber;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LI_Result;

import java.util.List;

import static io.radinfer.stress.protect.RepairRaceFixture.CORRUPT_FLAGGED;
import static io.radinfer.stress.protect.RepairRaceFixture.CORRUPT_PASSES;
import static io.radinfer.stress.protect.RepairRaceFixture.GOLDEN_FLAGGED;
import static io.radinfer.stress.protect.RepairRaceFixture.GOLDEN_PASSES;
import static io.radinfer.stress.protect.RepairRaceFixture.TORN_FLAGGED;
import static io.radinfer.stress.protect.RepairRaceFixture.TORN_PASSES;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The weight scrubber repairs a region while a session streams it through the checksum-fused matvec.
 *
 * <p>What is and is not guaranteed: {@code MemorySegment.copy}, which the repair uses, promises no atomicity
 * at all, and the reader's loads are plain. What holds on every machine radinfer targets is that a load
 * of one byte returns that byte's old or new value, never a mix of bits, and that once a reader sees a
 * byte's new value it never sees the old one again (cache coherence). So the reader may see any mix of
 * old and new bytes: a torn block. The claim is not that it never does; it is that the protection layer
 * never accepts a torn or corrupt read: the integer ABFT check, computed by the same kernel call,
 * either vouches for an output equal to the golden one bit for bit, or fails (and {@code ProtectedOps}
 * recomputes). {@link RepairRaceFixture} explains why every mix is visible to the check; its unit test
 * proves it for all of them.
 */
@JCStressTest
@Description("One actor runs WeightScrubber.verify over a Q8_0 matrix with a 4-byte upset in row 0; the other "
        + "runs Kernels.matvecQ8Checked over it at the same time. r1 = which output the read produced (golden, "
        + "corrupt = all upset bytes, torn = some) and whether the integer check (expected sum from the golden "
        + "weights' TensorChecksums) accepts it; r2 = 1 if the scrubber reported one repaired region and the "
        + "weights are golden afterwards. A forbidden outcome is an undetected silent data corruption: wrong "
        + "output that the check vouches for, so the session would hand it on.")
@Outcome(id = GOLDEN_PASSES + ", 1", expect = ACCEPTABLE,
        desc = "New-consistent: the read saw the repaired weights.")
@Outcome(id = CORRUPT_FLAGGED + ", 1", expect = ACCEPTABLE,
        desc = "Old-consistent: the read saw the whole upset and the check flags it (recompute).")
@Outcome(id = TORN_FLAGGED + ", 1", expect = ACCEPTABLE_INTERESTING,
        desc = "The read overlapped the repair and saw some upset bytes; the check flags it (recompute).")
@Outcome(id = GOLDEN_FLAGGED + ", 1", expect = ACCEPTABLE_INTERESTING,
        desc = "A false alarm: safe (one recompute), but it means the output and the check read different bytes.")
@Outcome(id = {CORRUPT_PASSES + ", .*", TORN_PASSES + ", .*"}, expect = FORBIDDEN,
        desc = "Wrong output accepted by the check: an undetected SDC.")
@Outcome(expect = FORBIDDEN, desc = "The scrubber did not restore the golden weights.")
@State
public class ScrubberRepairRace {
    private final Tensor weights = RepairRaceFixture.newTensor();
    private final WeightScrubber scrubber = new WeightScrubber(List.of(weights), RepairRaceFixture.GOLDEN_COPY);
    private final float[] y = new float[RepairRaceFixture.ROWS];
    private int repaired;

    public ScrubberRepairRace() {
        // The scrubber recorded its CRCs from the golden weights above; the upset strikes after that.
        RepairRaceFixture.upset(weights, (1 << RepairRaceFixture.UPSET_BYTES) - 1);
    }

    @Actor
    public void scrubber() {
        repaired = scrubber.verify(weights);
    }

    @Actor
    public void reader(LI_Result r) {
        int sum = RepairRaceFixture.KERNELS.matvecQ8Checked(weights, RepairRaceFixture.X, 0, y, 0, RepairRaceFixture.ROWS);
        r.r1 = RepairRaceFixture.classify(y, sum);
    }

    @Arbiter
    public void after(LI_Result r) {
        r.r2 = repaired == 1 && RepairRaceFixture.isGolden(weights) ? 1 : 0;
    }
}
