package io.radinfer.kernels.tensor;

/**
 * The tensor element types radinfer reads and writes, with ggml's type ids and block layouts
 * (ggml/include/ggml.h {@code enum ggml_type}, ggml/src/ggml-common.h block structs), so GGUF
 * files load without conversion.
 *
 * <p>A quantized type stores {@link #blockSize()} values in {@link #blockBytes()} bytes; a row of
 * {@code n} values must have {@code n % blockSize() == 0}.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    /** f16 scale + 16 bytes of nibbles (low nibbles = values 0..15, high nibbles = 16..31). */
    Q4_0(2, 32, 18),
    /** f16 scale + 32 int8. */
    Q8_0(8, 32, 34),
    /** super-block of 256: f16 d, f16 dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles. */
    Q4_K(12, 256, 144),
    /** super-block of 256: 128 bytes low nibbles, 64 bytes high 2-bits, 16 int8 scales, f16 d. */
    Q6_K(14, 256, 210),
    BF16(30, 1, 2);

    private final int id;
    private final int blockSize;
    private final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** ggml's numeric type id, as stored in GGUF tensor infos. */
    public int id() {
        return id;
    }

    /** Values per block (1 for the float types). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    public boolean isQuantized() {
        return blockSize > 1;
    }

    /** Whether a row of {@code n} values can be stored in this type. */
    public boolean fitsRow(long n) {
        return n > 0 && n % blockSize == 0;
    }

    /**
     * Bytes of a row of {@code n} values.
     *
     * @throws IllegalArgumentException if {@code n} is not a positive multiple of the block size
     */
    public long rowBytes(long n) {
        if (!fitsRow(n)) {
            throw new IllegalArgumentException(
                    "a " + this + " row needs a positive multiple of " + blockSize + " values, got " + n);
        }
        return n / blockSize * blockBytes;
    }

    /** The type with ggml id {@code id}, or {@code null} if radinfer does not support it. */
    public static GgmlType byId(long id) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }

    /** Names of the supported types, for error messages. */
    public static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (GgmlType t : values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(t).append(" (id ").append(t.id).append(')');
        }
        return sb.toString();
    }
}
