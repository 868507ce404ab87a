package io.radinfer.runtime.gguf;

import java.util.Objects;

/**
 * One GGUF metadata value: an integer, a float, a boolean, a string, or an array ({@link GgufArray}). Values are
 * immutable. Read them from {@link GgufFile#metadata()} with a pattern match, or through the typed getters of
 * {@link GgufFile}; build them to write with {@link GgufWriter#put}:
 *
 * <pre>{@code
 * writer.put("general.architecture", new GgufValue.Text("llama"))
 *       .put("llama.block_count", new GgufValue.Int(GgufValueType.UINT32, 5))
 *       .put("llama.attention.layer_norm_rms_epsilon", new GgufValue.Real(GgufValueType.FLOAT32, 1e-5));
 * }</pre>
 */
public sealed interface GgufValue permits GgufValue.Int, GgufValue.Real, GgufValue.Bool, GgufValue.Text, GgufArray {

    /** The type the value has in the file. */
    GgufValueType type();

    /**
     * An integer of one of the eight integer types. Unsigned types hold their value zero-extended, except
     * {@code UINT64}, whose 64 bits are kept as they are (read them with {@link Long#toUnsignedString(long)}).
     *
     * @param type an integer type
     * @param value the value, within the range of {@code type}
     */
    record Int(GgufValueType type, long value) implements GgufValue {
        /** @throws IllegalArgumentException if {@code type} is not an integer type or {@code value} is outside its range */
        public Int {
            Objects.requireNonNull(type, "type");
            if (!type.isInteger()) {
                throw new IllegalArgumentException(type + " is not an integer type");
            }
            if (!fits(type, value)) {
                throw new IllegalArgumentException(value + " is outside the range of " + type);
            }
        }

        static boolean fits(GgufValueType type, long v) {
            return switch (type) {
                case UINT8 -> v >= 0 && v <= 0xFF;
                case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
                case UINT16 -> v >= 0 && v <= 0xFFFF;
                case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
                case UINT32 -> v >= 0 && v <= 0xFFFF_FFFFL;
                case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
                default -> true;
            };
        }
    }

    /**
     * A {@code FLOAT32} or {@code FLOAT64}. A {@code FLOAT32} value is rounded to the nearest float on
     * construction, so what you build is exactly what is written and read back.
     */
    record Real(GgufValueType type, double value) implements GgufValue {
        /** @throws IllegalArgumentException if {@code type} is not {@code FLOAT32} or {@code FLOAT64} */
        public Real {
            Objects.requireNonNull(type, "type");
            if (!type.isFloat()) {
                throw new IllegalArgumentException(type + " is not a float type");
            }
            if (type == GgufValueType.FLOAT32) {
                value = (float) value;
            }
        }
    }

    /** A {@code BOOL}. */
    record Bool(boolean value) implements GgufValue {
        @Override
        public GgufValueType type() {
            return GgufValueType.BOOL;
        }
    }

    /** A {@code STRING}: UTF-8 in the file. */
    record Text(String value) implements GgufValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public GgufValueType type() {
            return GgufValueType.STRING;
        }
    }
}
