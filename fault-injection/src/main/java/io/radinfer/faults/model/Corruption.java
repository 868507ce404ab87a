package io.radinfer.faults.model;

import java.util.Arrays;

/**
 * What one application of a fault model did: the byte range it touched, with the bytes before and after. The
 * injector uses it to restore the golden bytes after an at-rest injection, and to tell a stuck-at that changed
 * nothing (the bit already had the stuck value) from one that did.
 */
public final class Corruption {
    private final long offset;
    private final byte[] before;
    private final byte[] after;

    /**
     * @param offset byte offset of the first touched byte in its {@link ByteTarget}
     * @param before the bytes before the fault (copied)
     * @param after the bytes after the fault (copied), same length as {@code before}
     */
    public Corruption(long offset, byte[] before, byte[] after) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("before and after must have the same length");
        }
        this.offset = offset;
        this.before = before.clone();
        this.after = after.clone();
    }

    /** Byte offset of the first touched byte. */
    public long offset() {
        return offset;
    }

    /** Number of touched bytes. */
    public int length() {
        return before.length;
    }

    /** The bytes before the fault. */
    public byte[] before() {
        return before.clone();
    }

    /** The bytes after the fault. */
    public byte[] after() {
        return after.clone();
    }

    /** Number of bits that differ between before and after. */
    public int flippedBits() {
        int n = 0;
        for (int i = 0; i < before.length; i++) {
            n += Integer.bitCount((before[i] ^ after[i]) & 0xFF);
        }
        return n;
    }

    /** Whether the fault changed any bit. */
    public boolean changed() {
        return !Arrays.equals(before, after);
    }

    /** Writes the original bytes back. */
    public void undo(ByteTarget target) {
        for (int i = 0; i < before.length; i++) {
            target.set(offset + i, before[i]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Corruption c && c.offset == offset && Arrays.equals(c.before, before)
                && Arrays.equals(c.after, after);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + Arrays.hashCode(before) * 17 + Arrays.hashCode(after);
    }

    @Override
    public String toString() {
        return "Corruption[offset=" + offset + ", before=" + Arrays.toString(before) + ", after="
                + Arrays.toString(after) + "]";
    }
}
