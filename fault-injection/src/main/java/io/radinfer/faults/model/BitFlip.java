package io.radinfer.faults.model;

/**
 * A single-event upset: one bit inverted. The dominant case in orbit (98.6% of the upsets Alsat-1 logged in
 * commercial SRAM were single-bit; see docs/fault-model.md).
 */
public record BitFlip() implements FaultModel {

    @Override
    public Corruption apply(ByteTarget target, long elementOffset, int elementBytes, int bit, long pattern) {
        Bits.checkLocation(target, elementOffset, elementBytes, bit);
        long at = elementOffset + bit / 8;
        byte before = target.get(at);
        byte after = (byte) (before ^ (1 << (bit % 8)));
        target.set(at, after);
        return new Corruption(at, new byte[] {before}, new byte[] {after});
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public String cliName() {
        return "bitflip";
    }
}
