package io.radinfer.stress.protect;

import io.radinfer.kernels.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The arithmetic behind {@link ScrubberRepairRace}, single-threaded: every mix of old and new bytes a
 * concurrent reader could see is either the golden weights or flagged by the integer check, and each mix
 * gives a distinct output. With that settled, a forbidden outcome in the jcstress run can only come from
 * the concurrency (an output and a check that read different bytes), not from a blind spot of the check.
 */
class RepairRaceFixtureTest {

    @Test
    void activationsAtTheUpsetColumnsAreOneTwoFourEight() {
        for (int k = 0; k < RepairRaceFixture.UPSET_BYTES; k++) {
            assertEquals(1 << k, RepairRaceFixture.X.qs[k]);
        }
    }

    @Test
    void everyPartOfTheUpsetIsFlaggedAndOnlyTheGoldenBytesPass() {
        int all = (1 << RepairRaceFixture.UPSET_BYTES) - 1;
        Set<Integer> rowZeroBits = new HashSet<>();
        for (int subset = 0; subset <= all; subset++) {
            Tensor w = RepairRaceFixture.newTensor();
            RepairRaceFixture.upset(w, subset);
            float[] y = new float[RepairRaceFixture.ROWS];
            int sum = RepairRaceFixture.KERNELS.matvecQ8Checked(w, RepairRaceFixture.X, 0, y, 0, RepairRaceFixture.ROWS);
            String expected = subset == 0 ? RepairRaceFixture.GOLDEN_PASSES
                    : subset == all ? RepairRaceFixture.CORRUPT_FLAGGED : RepairRaceFixture.TORN_FLAGGED;
            assertEquals(expected, RepairRaceFixture.classify(y, sum), "upset bytes " + Integer.toBinaryString(subset));
            rowZeroBits.add(Float.floatToRawIntBits(y[0]));
        }
        assertEquals(all + 1, rowZeroBits.size(), "each part of the upset gives its own output");
    }
}
