package io.radinfer.stress.protect;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.quant.Q8_0;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.protect.GoldenCopy;
import io.radinfer.runtime.protect.TensorChecksums;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * A small Q8_0 weight matrix with a multi-byte upset planted in it, and activations chosen so that the
 * integer ABFT check sees every part of the upset: the setting of {@link ScrubberRepairRace}.
 *
 * <p>The upset flips bit 6 of {@value #UPSET_BYTES} adjacent int8 weights of row 0, block 0 (the
 * adjacent-byte multi-bit upset of the fault model). Each flip moves its weight by +-64. The activations
 * at those four columns are 1, 2, 4 and 8, so a read that sees any non-empty subset of the flipped bytes
 * moves the row's integer block dot by {@code 64 * sum(+-2^k)} over that subset, which is never 0 (the
 * largest power of two outweighs the sum of the smaller ones). A repair copies the golden bytes over the
 * upset in some order; whatever mix of old and new bytes a concurrent reader sees is such a subset. So, as
 * long as the output and the integer sum come from the same read of the weights:
 * <ul>
 *   <li>no flipped byte seen: the output is the golden output bit for bit, and the check passes;</li>
 *   <li>any flipped byte seen: the output differs from the golden one, and the check fails.</li>
 * </ul>
 * The unit test of this class verifies that for all 16 subsets with the real kernel, single-threaded.
 */
final class RepairRaceFixture {
    static final int ROWS = 2;
    /** Eight Q8_0 blocks per row: the reader spends a while on row 0 after reading the upset block. */
    static final int COLS = 256;
    static final int UPSET_BYTES = 4;
    /** Byte offset of the first upset weight: row 0, block 0, past the block's f16 scale. */
    static final long UPSET_AT = Q8_0.QS;
    static final byte UPSET_MASK = 0x40;

    static final String GOLDEN_PASSES = "golden output, check passes";
    static final String CORRUPT_FLAGGED = "corrupt output, check flags it";
    static final String TORN_FLAGGED = "torn output, check flags it";
    static final String GOLDEN_FLAGGED = "golden output, check flags it";
    static final String CORRUPT_PASSES = "corrupt output, check passes";
    static final String TORN_PASSES = "torn output, check passes";

    static final Kernels KERNELS = new ScalarKernels();
    /** The golden weights (never written after class init) and the scrubber's source for repairs. */
    static final MemorySegment GOLDEN = goldenWeights();
    static final GoldenCopy GOLDEN_COPY = GoldenCopy.ofMemory(List.of(GOLDEN));
    static final Q8Activations X = activations();
    /** The integer check's expectation, from the checksums of the golden weights. */
    static final int EXPECTED_SUM;
    static final float[] GOLDEN_Y = new float[ROWS];
    static final float[] CORRUPT_Y = new float[ROWS];

    static {
        Tensor golden = newTensor();
        EXPECTED_SUM = TensorChecksums.of(golden).expectedIntegerSum(X, 0);
        KERNELS.matvecQ8(golden, X, 0, GOLDEN_Y, 0, ROWS);
        upset(golden, (1 << UPSET_BYTES) - 1);
        KERNELS.matvecQ8(golden, X, 0, CORRUPT_Y, 0, ROWS);
    }

    private RepairRaceFixture() {
    }

    /** A fresh off-heap copy of the golden weights (freed by the GC once unreachable). */
    static Tensor newTensor() {
        Tensor t = Tensor.allocate("stress.weights", GgmlType.Q8_0, Arena.ofAuto(), COLS, ROWS);
        MemorySegment.copy(GOLDEN, 0, t.data(), 0, GOLDEN.byteSize());
        return t;
    }

    /** Flips bit 6 of the upset weights whose bit is set in {@code subset} (bit k: weight k). */
    static void upset(Tensor t, int subset) {
        for (int k = 0; k < UPSET_BYTES; k++) {
            if ((subset & (1 << k)) != 0) {
                long at = UPSET_AT + k;
                t.data().set(ValueLayout.JAVA_BYTE, at, (byte) (t.data().get(ValueLayout.JAVA_BYTE, at) ^ UPSET_MASK));
            }
        }
    }

    /** What a read produced: which output it computed, and whether the integer check accepts it. */
    static String classify(float[] y, int integerSum) {
        boolean passes = integerSum == EXPECTED_SUM;
        if (sameBits(y, GOLDEN_Y)) {
            return passes ? GOLDEN_PASSES : GOLDEN_FLAGGED;
        }
        if (sameBits(y, CORRUPT_Y)) {
            return passes ? CORRUPT_PASSES : CORRUPT_FLAGGED;
        }
        return passes ? TORN_PASSES : TORN_FLAGGED;
    }

    /** Whether {@code t} holds the golden weights byte for byte. */
    static boolean isGolden(Tensor t) {
        return t.data().mismatch(GOLDEN) == -1;
    }

    private static boolean sameBits(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Deterministic weights spread over the whole int8 range, quantized by ggml's reference rounding. */
    private static MemorySegment goldenWeights() {
        MemorySegment seg = Arena.global().allocate(GgmlType.Q8_0.rowBytes(COLS) * ROWS, 64);
        float[] row = new float[COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < COLS; j++) {
                row[j] = ((r * 89 + j * 37) % 255 - 127) / 127f;
            }
            Q8_0.quantizeRow(row, 0, COLS, seg, r * GgmlType.Q8_0.rowBytes(COLS));
        }
        return seg;
    }

    /**
     * Integer activations with a 127 in every block, so the Q8 scale is 1 and the int8 values are the
     * integers themselves; 1, 2, 4, 8 at the upset columns.
     */
    private static Q8Activations activations() {
        float[] x = new float[COLS];
        for (int j = 0; j < COLS; j++) {
            x[j] = (j * 53 + 11) % 201 - 100;
        }
        for (int b = 0; b < COLS / Q8_0.BLOCK; b++) {
            x[b * Q8_0.BLOCK + Q8_0.BLOCK - 1] = 127;
        }
        for (int k = 0; k < UPSET_BYTES; k++) {
            x[k] = 1 << k;
        }
        Q8Activations q = new Q8Activations(COLS);
        KERNELS.quantizeQ8(x, 0, COLS, q, 0);
        return q;
    }
}
