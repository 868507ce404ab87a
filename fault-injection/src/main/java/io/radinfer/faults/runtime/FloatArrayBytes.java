package io.radinfer.faults.runtime;

import io.radinfer.faults.model.ByteTarget;

/**
 * A {@code float[]} seen as little-endian bytes (byte {@code 4i + j} is byte {@code j} of value {@code i}'s raw
 * bits), so the fault models corrupt on-heap activation buffers as they corrupt off-heap tensors.
 */
final class FloatArrayBytes implements ByteTarget {
    private final float[] a;

    FloatArrayBytes(float[] a) {
        this.a = a;
    }

    @Override
    public long byteSize() {
        return 4L * a.length;
    }

    @Override
    public byte get(long offset) {
        int bits = Float.floatToRawIntBits(a[(int) (offset >>> 2)]);
        return (byte) (bits >>> (8 * (int) (offset & 3)));
    }

    @Override
    public void set(long offset, byte value) {
        int i = (int) (offset >>> 2);
        int shift = 8 * (int) (offset & 3);
        int bits = Float.floatToRawIntBits(a[i]);
        bits = (bits & ~(0xFF << shift)) | ((value & 0xFF) << shift);
        a[i] = Float.intBitsToFloat(bits);
    }
}
