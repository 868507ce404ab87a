package io.radinfer.faults.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * The raw bytes a fault lands in: one tensor, activation buffer, KV-cache slab or accumulator array, seen as a
 * flat little-endian byte range. Fault models corrupt bytes through this view, so they do not care whether the
 * memory is on-heap or off-heap.
 */
public interface ByteTarget {

    /** Size of the range in bytes. */
    long byteSize();

    /** The byte at {@code offset} ({@code 0 <= offset < byteSize()}). */
    byte get(long offset);

    /** Overwrites the byte at {@code offset}. */
    void set(long offset, byte value);

    /** A view of a whole byte array. */
    static ByteTarget of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new ByteTarget() {
            @Override
            public long byteSize() {
                return bytes.length;
            }

            @Override
            public byte get(long offset) {
                return bytes[Math.toIntExact(offset)];
            }

            @Override
            public void set(long offset, byte value) {
                bytes[Math.toIntExact(offset)] = value;
            }
        };
    }

    /** A view of a whole (writable) memory segment, e.g. a tensor's off-heap storage. */
    static ByteTarget of(MemorySegment segment) {
        Objects.requireNonNull(segment, "segment");
        return new ByteTarget() {
            @Override
            public long byteSize() {
                return segment.byteSize();
            }

            @Override
            public byte get(long offset) {
                return segment.get(ValueLayout.JAVA_BYTE, offset);
            }

            @Override
            public void set(long offset, byte value) {
                segment.set(ValueLayout.JAVA_BYTE, offset, value);
            }
        };
    }
}
