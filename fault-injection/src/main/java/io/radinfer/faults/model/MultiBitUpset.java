package io.radinfer.faults.model;

/**
 * A multiple-bit upset from one particle: {@code k} adjacent bits inverted.
 *
 * <ul>
 *   <li>{@link Layout#WORD}: bits {@code start .. start+k-1} of one element (word or quant block), where
 *       {@code start} is the anchor bit moved down just enough to keep all {@code k} bits inside the element.
 *   <li>{@link Layout#BYTES}: the anchor's bit position in {@code k} adjacent bytes, starting at the anchor's
 *       byte (moved back if the run would leave the target). This is how an upset of physically adjacent
 *       cells shows up in a memory whose columns are interleaved by byte, the "double-byte errors" Alsat-1
 *       reported.
 * </ul>
 *
 * @param bits how many bits are inverted, 2..64
 * @param layout whether they are adjacent within a word or spread over adjacent bytes
 */
public record MultiBitUpset(int bits, Layout layout) implements FaultModel {

    /** Largest supported {@code k}: a whole 64-bit word. */
    public static final int MAX_BITS = 64;

    /** Where the {@code k} inverted bits sit. */
    public enum Layout {
        /** Adjacent bits of one element. */
        WORD,
        /** The same bit position in adjacent bytes. */
        BYTES
    }

    /** Checks {@code 2 <= bits <= 64} and a non-null layout. */
    public MultiBitUpset {
        if (bits < 2 || bits > MAX_BITS) {
            throw new IllegalArgumentException("a multi-bit upset flips 2.." + MAX_BITS + " bits, got " + bits);
        }
        if (layout == null) {
            throw new IllegalArgumentException("layout must not be null");
        }
    }

    @Override
    public Corruption apply(ByteTarget target, long elementOffset, int elementBytes, int bit, long pattern) {
        Bits.checkLocation(target, elementOffset, elementBytes, bit);
        return layout == Layout.WORD
                ? applyWord(target, elementOffset, elementBytes, bit)
                : applyBytes(target, elementOffset + bit / 8, bit % 8);
    }

    private Corruption applyWord(ByteTarget target, long elementOffset, int elementBytes, int bit) {
        int elementBits = 8 * elementBytes;
        if (bits > elementBits) {
            throw new IllegalArgumentException(
                    cliName() + " does not fit an element of " + elementBits + " bits");
        }
        int start = Math.min(bit, elementBits - bits);
        int firstByte = start / 8;
        int lastByte = (start + bits - 1) / 8;
        long at = elementOffset + firstByte;
        byte[] before = Bits.read(target, at, lastByte - firstByte + 1);
        byte[] after = before.clone();
        for (int b = start; b < start + bits; b++) {
            after[b / 8 - firstByte] ^= (byte) (1 << (b % 8));
        }
        Bits.write(target, at, after);
        return new Corruption(at, before, after);
    }

    private Corruption applyBytes(ByteTarget target, long anchorByte, int bitInByte) {
        if (bits > target.byteSize()) {
            throw new IllegalArgumentException(
                    cliName() + " needs " + bits + " bytes but the target has " + target.byteSize());
        }
        long at = Math.min(anchorByte, target.byteSize() - bits);
        byte[] before = Bits.read(target, at, bits);
        byte[] after = before.clone();
        for (int i = 0; i < bits; i++) {
            after[i] ^= (byte) (1 << bitInByte);
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
        return layout == Layout.WORD ? "mbu:" + bits : "mbu:" + bits + ":bytes";
    }

    @Override
    public void checkFits(ElementFormat format) {
        if (layout == Layout.WORD && bits > format.bits()) {
            throw new FaultSpecException(cliName(), "flips " + bits + " adjacent bits of one element, but a "
                    + format.name() + " element has only " + format.bits() + " bits; use a smaller K or "
                    + "mbu:" + bits + ":bytes");
        }
    }
}
