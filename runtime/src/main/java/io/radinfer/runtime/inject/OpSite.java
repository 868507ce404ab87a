package io.radinfer.runtime.inject;

import io.radinfer.runtime.model.OpKind;

/**
 * One execution of one op: where it is in the model and the run, and its output buffer. For integer-path
 * matrix ops, {@link #flipAccumulatorBit} flips a bit of one block's integer dot product as the kernel's
 * register would have held it, so every consumer of that register (the output and the ABFT accumulator)
 * sees the same wrong value.
 */
public interface OpSite {
    /** First position of the forward pass this op belongs to. */
    int position();

    /** Number of positions in the pass (1 while decoding). */
    int batch();

    /** Layer, or -1 for the model head and the embedding. */
    int layer();

    OpKind op();

    /** Which execution: 0 for the first; DMR/TMR replicas and recomputes count up from there. */
    int execution();

    /** The output buffer; the op's values are {@code output()[offset() .. offset() + length())}. */
    float[] output();

    int offset();

    int length();

    /** Flips bit {@code bit} (0..31) of output value {@code index} (relative to {@link #offset()}). */
    default void flipOutputBit(int index, int bit) {
        if (index < 0 || index >= length() || bit < 0 || bit > 31) {
            throw new IllegalArgumentException("no output bit " + bit + " of value " + index + " in " + length() + " values");
        }
        float[] out = output();
        int i = offset() + index;
        out[i] = Float.intBitsToFloat(Float.floatToRawIntBits(out[i]) ^ (1 << bit));
    }

    /** Number of integer accumulators per output row (blocks of the row), or 0 if the op has none. */
    int accumulatorsPerRow();

    /**
     * Flips bit {@code bit} (0..31) of the integer accumulator of block {@code block} of output row
     * {@code row} (batch row {@code row / rows}).
     *
     * @throws UnsupportedOperationException if the op has no integer accumulators
     */
    void flipAccumulatorBit(int row, int block, int bit);
}
