package io.radinfer.faults.model;

/**
 * A burst: a run of {@code bytes} consecutive corrupted bytes starting at the anchor's byte (moved back if the
 * run would leave the target), each XORed with a non-zero mask drawn from the injection's pattern. It models
 * a corrupted bus transfer or a row-level memory fault rather than a single particle strike.
 *
 * @param bytes how many bytes are corrupted, 1..{@value #MAX_BYTES}
 */
public record Burst(int bytes) implements FaultModel {

    /** Largest supported burst, which keeps the undo record small. */
    public static final int MAX_BYTES = 4096;

    /** Checks {@code 1 <= bytes <= MAX_BYTES}. */
    public Burst {
        if (bytes < 1 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("a burst corrupts 1.." + MAX_BYTES + " bytes, got " + bytes);
        }
    }

    @Override
    public Corruption apply(ByteTarget target, long elementOffset, int elementBytes, int bit, long pattern) {
        Bits.checkLocation(target, elementOffset, elementBytes, bit);
        if (bytes > target.byteSize()) {
            throw new IllegalArgumentException(
                    cliName() + " needs " + bytes + " bytes but the target has " + target.byteSize());
        }
        long at = Math.min(elementOffset + bit / 8, target.byteSize() - bytes);
        byte[] before = Bits.read(target, at, bytes);
        byte[] after = before.clone();
        long state = pattern;
        for (int i = 0; i < bytes; i++) {
            int mask;
            do {
                state += 0x9E3779B97F4A7C15L;
                mask = (int) (Bits.mix64(state) & 0xFF);
            } while (mask == 0);
            after[i] ^= (byte) mask;
        }
        Bits.write(target, at, after);
        return new Corruption(at, before, after);
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public String cliName() {
        return "burst:" + bytes;
    }
}
