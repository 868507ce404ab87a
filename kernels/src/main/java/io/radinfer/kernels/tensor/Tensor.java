package io.radinfer.kernels.tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * An off-heap tensor: a name, an element type, a shape and the bytes that hold it.
 *
 * <p>Shapes are in ggml order: {@code shape[0]} is the row length (the contiguous dimension),
 * {@code shape[1]} the number of rows, and so on. A weight matrix used as {@code y = W x} has
 * {@code cols() = shape[0]} (the length of {@code x}) and {@code rows() = product of the rest}
 * (the length of {@code y}). Rows are stored one after another, {@link #rowBytes()} apart.
 *
 * <p>The data segment may be a read-only mapping of a model file; radinfer never writes to weights
 * except through the scrubber's repair path, which uses its own writable view.
 */
public final class Tensor {
    private final String name;
    private final GgmlType type;
    private final long[] shape;
    private final MemorySegment data;
    private final long rowBytes;
    private final long rows;

    /**
     * Wraps {@code data} as a tensor.
     *
     * @throws IllegalArgumentException if the shape is empty or has a non-positive dimension, the row
     *     length is not a multiple of the type's block size, or {@code data} is not exactly the size
     *     the shape needs
     */
    public Tensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        if (shape.length == 0 || shape.length > 4) {
            throw new IllegalArgumentException("tensor '" + name + "': needs 1 to 4 dimensions, got " + shape.length);
        }
        long r = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] <= 0) {
                throw new IllegalArgumentException(
                        "tensor '" + name + "': dimension " + i + " is " + shape[i] + ", must be positive");
            }
            if (i > 0) {
                r = Math.multiplyExact(r, shape[i]);
            }
        }
        if (!type.fitsRow(shape[0])) {
            throw new IllegalArgumentException("tensor '" + name + "': row length " + shape[0]
                    + " is not a multiple of the " + type + " block size " + type.blockSize());
        }
        this.name = name;
        this.type = type;
        this.shape = shape.clone();
        this.rowBytes = type.rowBytes(shape[0]);
        this.rows = r;
        long need = Math.multiplyExact(rowBytes, rows);
        if (data.byteSize() != need) {
            throw new IllegalArgumentException("tensor '" + name + "' " + type + " " + Arrays.toString(shape)
                    + " needs " + need + " bytes, the segment has " + data.byteSize());
        }
        this.data = data;
    }

    /** Allocates a zeroed tensor in {@code arena}, 64-byte aligned. */
    public static Tensor allocate(String name, GgmlType type, Arena arena, long... shape) {
        long rows = 1;
        for (int i = 1; i < shape.length; i++) {
            rows = Math.multiplyExact(rows, shape[i]);
        }
        long bytes = Math.multiplyExact(type.rowBytes(shape[0]), rows);
        return new Tensor(name, type, shape, arena.allocate(bytes, 64));
    }

    /**
     * Maps {@code byteSize(type, shape)} bytes of {@code file} starting at {@code offset} read-only, without
     * copying. The mapping lives as long as {@code arena}.
     */
    public static Tensor map(String name, GgmlType type, Path file, long offset, Arena arena, long... shape)
            throws IOException {
        long rows = 1;
        for (int i = 1; i < shape.length; i++) {
            rows = Math.multiplyExact(rows, shape[i]);
        }
        long bytes = Math.multiplyExact(type.rowBytes(shape[0]), rows);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (offset < 0 || offset > ch.size() - bytes) {
                throw new IOException(file + ": tensor '" + name + "' at offset " + offset + " with " + bytes
                        + " bytes runs past the end of the file (" + ch.size() + " bytes)");
            }
            return new Tensor(name, type, shape, ch.map(FileChannel.MapMode.READ_ONLY, offset, bytes, arena));
        }
    }

    public String name() {
        return name;
    }

    public GgmlType type() {
        return type;
    }

    /** A copy of the shape, ggml order. */
    public long[] shape() {
        return shape.clone();
    }

    public int dims() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    /** Elements per row ({@code shape[0]}). */
    public int cols() {
        return Math.toIntExact(shape[0]);
    }

    /** Number of rows (the product of {@code shape[1..]}). */
    public int rows() {
        return Math.toIntExact(rows);
    }

    public long elementCount() {
        return shape[0] * rows;
    }

    public long rowBytes() {
        return rowBytes;
    }

    public long byteSize() {
        return data.byteSize();
    }

    public MemorySegment data() {
        return data;
    }

    /** This tensor with another data segment of the same size (e.g. a golden copy). */
    public Tensor withData(MemorySegment other) {
        return new Tensor(name, type, shape, other);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }
}
