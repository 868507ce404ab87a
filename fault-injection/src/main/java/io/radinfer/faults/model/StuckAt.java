package io.radinfer.faults.model;

/**
 * A bit stuck at 0 or 1 for the whole run (a damaged cell, or a latched upset the scrubber never repairs).
 * Applying it forces the bit; because later writes to the location would heal it, the injector re-applies it
 * after each write ({@link #persistent()} is true).
 *
 * @param value the stuck value, or {@link Value#EITHER} to draw 0 or 1 per injection
 */
public record StuckAt(Value value) implements FaultModel {

    /** The value a stuck bit holds. */
    public enum Value {
        ZERO, ONE,
        /** Drawn per injection from the injection's seed (the low bit of its pattern). */
        EITHER
    }

    /** Checks the value is not null. */
    public StuckAt {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
    }

    /** The bit value this fault forces for an injection with the given pattern: 0 or 1. */
    public int bitValue(long pattern) {
        return switch (value) {
            case ZERO -> 0;
            case ONE -> 1;
            case EITHER -> (int) (pattern & 1);
        };
    }

    @Override
    public Corruption apply(ByteTarget target, long elementOffset, int elementBytes, int bit, long pattern) {
        Bits.checkLocation(target, elementOffset, elementBytes, bit);
        long at = elementOffset + bit / 8;
        byte before = target.get(at);
        int mask = 1 << (bit % 8);
        byte after = (byte) (bitValue(pattern) == 1 ? before | mask : before & ~mask);
        target.set(at, after);
        return new Corruption(at, new byte[] {before}, new byte[] {after});
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public String cliName() {
        return switch (value) {
            case ZERO -> "stuck-at:0";
            case ONE -> "stuck-at:1";
            case EITHER -> "stuck-at";
        };
    }
}
