package io.radinfer.faults.model;

/** Reading and changing single bits of a {@link ByteTarget}, shared by the fault models. */
final class Bits {
    private Bits() {
    }

    static byte[] read(ByteTarget target, long offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = target.get(offset + i);
        }
        return out;
    }

    static void write(ByteTarget target, long offset, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            target.set(offset + i, bytes[i]);
        }
    }

    static void checkLocation(ByteTarget target, long elementOffset, int elementBytes, int bit) {
        if (elementBytes < 1 || elementOffset < 0 || elementOffset + elementBytes > target.byteSize()) {
            throw new IndexOutOfBoundsException("element of " + elementBytes + " bytes at offset " + elementOffset
                    + " does not fit a target of " + target.byteSize() + " bytes");
        }
        if (bit < 0 || bit >= 8 * elementBytes) {
            throw new IndexOutOfBoundsException(
                    "bit " + bit + " is outside an element of " + elementBytes + " bytes");
        }
    }

    /** SplitMix64's output function: a well-mixed 64-bit value from any input. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
