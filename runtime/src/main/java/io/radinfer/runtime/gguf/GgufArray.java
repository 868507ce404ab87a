package io.radinfer.runtime.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * A GGUF metadata array: a count of elements of one type, which may itself be {@link GgufValueType#ARRAY}.
 * Elements are kept in a primitive array of their width (a {@code FLOAT32} array as {@code float[]}, a
 * {@code UINT8} array as {@code byte[]}, strings as {@code String[]}), so a vocabulary of 150k tokens with scores
 * and types costs the strings plus 4 bytes per score and per type. Immutable: the {@code to...Array()} methods
 * return copies, the {@code ...At(i)} methods read one element without copying.
 *
 * <pre>{@code
 * GgufArray tokens = GgufArray.ofStrings("<unk>", "<s>", "</s>");
 * GgufArray scores = GgufArray.ofFloat32(0f, 0f, 0f);
 * GgufArray types = GgufArray.ofIntegers(GgufValueType.INT32, 2, 3, 3);
 * }</pre>
 */
public final class GgufArray implements GgufValue {
    private final GgufValueType elementType;
    /**
     * byte[] for UINT8/INT8, short[] for UINT16/INT16, int[] for UINT32/INT32, long[] for UINT64/INT64, float[],
     * double[], boolean[], String[] or GgufArray[], by {@link #elementType}; owned by this array, never exposed.
     */
    private final Object values;
    private final int length;

    /** Takes ownership of {@code values}, which must be the primitive array documented on the field. */
    GgufArray(GgufValueType elementType, Object values) {
        this.elementType = elementType;
        this.values = values;
        this.length = java.lang.reflect.Array.getLength(values);
    }

    /**
     * An array of one of the eight integer types.
     *
     * @throws IllegalArgumentException if {@code elementType} is not an integer type or a value is outside its range
     */
    public static GgufArray ofIntegers(GgufValueType elementType, long... values) {
        Objects.requireNonNull(elementType, "elementType");
        if (!elementType.isInteger()) {
            throw new IllegalArgumentException(elementType + " is not an integer type");
        }
        for (int i = 0; i < values.length; i++) {
            if (!GgufValue.Int.fits(elementType, values[i])) {
                throw new IllegalArgumentException("element " + i + " = " + values[i] + " is outside the range of " + elementType);
            }
        }
        Object narrow = switch (elementType) {
            case UINT8, INT8 -> {
                byte[] a = new byte[values.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (byte) values[i];
                }
                yield a;
            }
            case UINT16, INT16 -> {
                short[] a = new short[values.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (short) values[i];
                }
                yield a;
            }
            case UINT32, INT32 -> {
                int[] a = new int[values.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (int) values[i];
                }
                yield a;
            }
            default -> values.clone();
        };
        return new GgufArray(elementType, narrow);
    }

    /** A {@code FLOAT32} array. */
    public static GgufArray ofFloat32(float... values) {
        return new GgufArray(GgufValueType.FLOAT32, values.clone());
    }

    /** A {@code FLOAT64} array. */
    public static GgufArray ofFloat64(double... values) {
        return new GgufArray(GgufValueType.FLOAT64, values.clone());
    }

    /** A {@code BOOL} array. */
    public static GgufArray ofBooleans(boolean... values) {
        return new GgufArray(GgufValueType.BOOL, values.clone());
    }

    /** A {@code STRING} array. */
    public static GgufArray ofStrings(String... values) {
        String[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            Objects.requireNonNull(copy[i], () -> "string array element is null");
        }
        return new GgufArray(GgufValueType.STRING, copy);
    }

    /**
     * An array of arrays. Note that llama.cpp's reader rejects nested arrays; the GGUF spec allows them and radinfer
     * reads them to a small depth.
     */
    public static GgufArray ofArrays(GgufArray... values) {
        GgufArray[] copy = values.clone();
        for (GgufArray a : copy) {
            Objects.requireNonNull(a, "nested array is null");
        }
        return new GgufArray(GgufValueType.ARRAY, copy);
    }

    @Override
    public GgufValueType type() {
        return GgufValueType.ARRAY;
    }

    /** The type of every element. */
    public GgufValueType elementType() {
        return elementType;
    }

    /** Number of elements. */
    public int length() {
        return length;
    }

    /**
     * Element {@code i} of an integer array, with the same convention as {@link GgufValue.Int}: unsigned types
     * zero-extended, {@code UINT64} as raw bits.
     *
     * @throws IllegalStateException if this is not an integer array
     */
    public long longAt(int i) {
        return switch (elementType) {
            case UINT8 -> Byte.toUnsignedLong(((byte[]) values)[i]);
            case INT8 -> ((byte[]) values)[i];
            case UINT16 -> Short.toUnsignedLong(((short[]) values)[i]);
            case INT16 -> ((short[]) values)[i];
            case UINT32 -> Integer.toUnsignedLong(((int[]) values)[i]);
            case INT32 -> ((int[]) values)[i];
            case UINT64, INT64 -> ((long[]) values)[i];
            default -> throw wrongType("an integer");
        };
    }

    /**
     * Element {@code i} of a {@code FLOAT32} or {@code FLOAT64} array.
     *
     * @throws IllegalStateException if this is not a float array
     */
    public double doubleAt(int i) {
        return switch (elementType) {
            case FLOAT32 -> ((float[]) values)[i];
            case FLOAT64 -> ((double[]) values)[i];
            default -> throw wrongType("a float");
        };
    }

    /** @throws IllegalStateException if this is not a {@code BOOL} array */
    public boolean booleanAt(int i) {
        return ((boolean[]) require(GgufValueType.BOOL))[i];
    }

    /** @throws IllegalStateException if this is not a {@code STRING} array */
    public String stringAt(int i) {
        return ((String[]) require(GgufValueType.STRING))[i];
    }

    /** @throws IllegalStateException if this is not an array of arrays */
    public GgufArray arrayAt(int i) {
        return ((GgufArray[]) require(GgufValueType.ARRAY))[i];
    }

    /**
     * A copy as {@code int[]}.
     *
     * @throws IllegalStateException if this is not an integer array, or an element does not fit in an {@code int}
     */
    public int[] toIntArray() {
        if (elementType == GgufValueType.INT32) {
            return ((int[]) values).clone();
        }
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            long v = longAt(i);
            if (v != (int) v || (elementType == GgufValueType.UINT64 && v < 0)) {
                throw new IllegalStateException("element " + i + " (" + (elementType == GgufValueType.UINT64
                        ? Long.toUnsignedString(v) : v) + ") of this " + elementType + " array does not fit in an int");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /**
     * A copy as {@code long[]}, by {@link #longAt(int)}.
     *
     * @throws IllegalStateException if this is not an integer array
     */
    public long[] toLongArray() {
        long[] out = new long[length];
        for (int i = 0; i < length; i++) {
            out[i] = longAt(i);
        }
        return out;
    }

    /** @throws IllegalStateException if this is not a {@code FLOAT32} array */
    public float[] toFloatArray() {
        return ((float[]) require(GgufValueType.FLOAT32)).clone();
    }

    /**
     * A copy as {@code double[]}, widening {@code FLOAT32} exactly.
     *
     * @throws IllegalStateException if this is not a float array
     */
    public double[] toDoubleArray() {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = doubleAt(i);
        }
        return out;
    }

    /** @throws IllegalStateException if this is not a {@code BOOL} array */
    public boolean[] toBooleanArray() {
        return ((boolean[]) require(GgufValueType.BOOL)).clone();
    }

    /** @throws IllegalStateException if this is not a {@code STRING} array */
    public String[] toStringArray() {
        return ((String[]) require(GgufValueType.STRING)).clone();
    }

    private Object require(GgufValueType t) {
        if (elementType != t) {
            throw wrongType(t.toString());
        }
        return values;
    }

    private IllegalStateException wrongType(String wanted) {
        return new IllegalStateException("this is an array of " + elementType + ", not of " + wanted);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufArray a && a.elementType == elementType
                && Arrays.deepEquals(new Object[] {values}, new Object[] {a.values});
    }

    @Override
    public int hashCode() {
        return 31 * elementType.hashCode() + Arrays.deepHashCode(new Object[] {values});
    }

    /** A summary such as {@code ARRAY<STRING>[32000]}, not the elements. */
    @Override
    public String toString() {
        return "ARRAY<" + elementType + ">[" + length + "]";
    }
}
