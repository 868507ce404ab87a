package io.radinfer.runtime.gguf;

import io.radinfer.kernels.tensor.GgmlType;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where one tensor is in a GGUF file: its name, element type, shape in ggml order ({@code shape[0]} is the row
 * length), the absolute byte offset of its data in the file and its size in bytes (without the padding after it).
 * Validated when the file was opened: the shape has 1 to 4 positive dimensions, the row length fits the type's block
 * size, and the data lies inside the file, aligned, overlapping no other tensor.
 */
public record GgufTensorInfo(String name, GgmlType type, long[] shape, long offset, long byteSize) {
    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        shape = shape.clone();
    }

    /** A copy of the shape, ggml order. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && t.name.equals(name) && t.type == type && Arrays.equals(t.shape, shape)
                && t.offset == offset && t.byteSize == byteSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(shape), offset, byteSize);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape) + " @" + offset + " (" + byteSize + " bytes)";
    }
}
