package io.radinfer.runtime.gguf;

/**
 * The metadata value types of GGUF, with their numeric ids as stored in the file
 * (ggml docs/gguf.md, {@code enum gguf_metadata_value_type}).
 */
public enum GgufValueType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    /** One byte, 0 or 1; the spec calls anything else invalid. */
    BOOL(7, 1),
    /** A uint64 byte length followed by that many bytes of UTF-8. */
    STRING(8, 8),
    /** A uint32 element type, a uint64 element count, then the elements. */
    ARRAY(9, 12),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = values();

    private final int id;
    private final int minBytes;

    GgufValueType(int id, int minBytes) {
        this.id = id;
        this.minBytes = minBytes;
    }

    /** The id stored in the file. */
    public int id() {
        return id;
    }

    /** Whether values of this type are integers (signed or unsigned, 8 to 64 bits). */
    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    /** Whether values of this type are IEEE 754 floats. */
    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * The fewest bytes one value of this type takes in the file: its size for the fixed-size types, the length
     * prefix for a string, the type and count prefix for an array. Used to bound counts read from a file by the
     * bytes that are left before anything is allocated.
     */
    int minBytes() {
        return minBytes;
    }

    /** The type with file id {@code id} (read as unsigned), or {@code null} if GGUF defines none. */
    static GgufValueType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }
}
