package io.radinfer.faults.model;

import io.radinfer.kernels.tensor.GgmlType;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The bit layout of one element a fault can hit: a float or integer value, or a whole quant block. It answers
 * "which bits may a fault with this {@link BitRestriction} hit?". Bit {@code b} is bit {@code b % 8} of byte
 * {@code b / 8} (little endian).
 *
 * <p>Float fields follow IEEE 754 binary32/binary16 and bfloat16. Quant-block scale bytes follow ggml's block
 * structs (ggml/src/ggml-common.h): {@code block_q4_0} and {@code block_q8_0} start with the f16 {@code d};
 * {@code block_q4_K} starts with f16 {@code d}, f16 {@code dmin} and 12 bytes of packed 6-bit scales/mins
 * (bytes 0..15); {@code block_q6_K} ends with 16 int8 {@code scales} and the f16 {@code d} (bytes 192..209).
 */
public final class ElementFormat {
    /** IEEE 754 binary32: sign 31, exponent 23..30, mantissa 0..22. */
    public static final ElementFormat F32 = new ElementFormat("f32", 4, 31, 23, 8, 0, 23, null, -1);
    /** IEEE 754 binary16: sign 15, exponent 10..14, mantissa 0..9. */
    public static final ElementFormat F16 = new ElementFormat("f16", 2, 15, 10, 5, 0, 10, null, -1);
    /** bfloat16: sign 15, exponent 7..14, mantissa 0..6. */
    public static final ElementFormat BF16 = new ElementFormat("bf16", 2, 15, 7, 8, 0, 7, null, -1);
    /** A two's-complement int8 (quantized activations): sign bit 7, no exponent or mantissa. */
    public static final ElementFormat INT8 = new ElementFormat("int8", 1, 7, -1, 0, -1, 0, null, -1);
    /** A two's-complement int32 (integer accumulators): sign bit 31, no exponent or mantissa. */
    public static final ElementFormat INT32 = new ElementFormat("int32", 4, 31, -1, 0, -1, 0, null, -1);

    private final String name;
    private final int bytes;
    private final int signBit;
    private final int exponentLow;
    private final int exponentBits;
    private final int mantissaLow;
    private final int mantissaBits;
    /** [from, to) byte range of a quant block's scale fields, or null for a plain value. */
    private final int[] scaleBytes;
    /** Byte offset of a quant block's f16 super-scale {@code d}, or -1 for a plain value. */
    private final int dOffset;

    private ElementFormat(String name, int bytes, int signBit, int exponentLow, int exponentBits, int mantissaLow,
            int mantissaBits, int[] scaleBytes, int dOffset) {
        this.name = name;
        this.bytes = bytes;
        this.signBit = signBit;
        this.exponentLow = exponentLow;
        this.exponentBits = exponentBits;
        this.mantissaLow = mantissaLow;
        this.mantissaBits = mantissaBits;
        this.scaleBytes = scaleBytes;
        this.dOffset = dOffset;
    }

    /**
     * The element format of a tensor stored as {@code type}: a value for F32/F16/BF16, a block for the quant
     * types.
     */
    public static ElementFormat of(GgmlType type) {
        return switch (type) {
            case F32 -> F32;
            case F16 -> F16;
            case BF16 -> BF16;
            case Q4_0, Q8_0 -> block(type, new int[] {0, 2}, 0);
            case Q4_K -> block(type, new int[] {0, 16}, 0);
            case Q6_K -> block(type, new int[] {192, 210}, 208);
        };
    }

    private static ElementFormat block(GgmlType type, int[] scaleBytes, int dOffset) {
        // The f16 fields of d, shifted to where d sits in the block.
        int base = 8 * dOffset;
        return new ElementFormat(type.name().toLowerCase(java.util.Locale.ROOT) + " block", type.blockBytes(),
                base + 15, base + 10, 5, base, 10, scaleBytes, dOffset);
    }

    /** A short name for messages, e.g. {@code f32} or {@code q8_0 block}. */
    public String name() {
        return name;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** Size of one element in bits. */
    public int bits() {
        return 8 * bytes;
    }

    /** Whether the element is a quant block (and so has scale bytes). */
    public boolean isBlock() {
        return scaleBytes != null;
    }

    /**
     * The bit positions a fault restricted by {@code restriction} may hit, ascending.
     *
     * @throws FaultSpecException if the element has no such field (e.g. {@code exponent} of an int8, or
     *         {@code scale} of an f32 value)
     */
    public int[] allowedBits(BitRestriction restriction) {
        return switch (restriction) {
            case ALL -> IntStream.range(0, bits()).toArray();
            case SIGN -> new int[] {signBit};
            case EXPONENT -> field(restriction, exponentLow, exponentBits);
            case MANTISSA -> field(restriction, mantissaLow, mantissaBits);
            case SCALE -> {
                if (scaleBytes == null) {
                    throw new FaultSpecException(restriction.cliName(),
                            "a " + name + " element has no scale bytes; 'scale' applies to quantized weights");
                }
                yield IntStream.range(8 * scaleBytes[0], 8 * scaleBytes[1]).toArray();
            }
        };
    }

    private int[] field(BitRestriction restriction, int low, int count) {
        if (count == 0) {
            throw new FaultSpecException(restriction.cliName(),
                    "a " + name + " element has no " + restriction.cliName() + " field; use all or sign");
        }
        return IntStream.range(low, low + count).toArray();
    }

    /** Byte range {@code [from, to)} of a block's scale fields; empty for plain values. */
    public int[] scaleByteRange() {
        return scaleBytes == null ? new int[0] : scaleBytes.clone();
    }

    /** Byte offset of a block's f16 super-scale {@code d}, or -1 for plain values. */
    public int superScaleOffset() {
        return dOffset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ElementFormat f && f.name.equals(name) && f.bytes == bytes
                && Arrays.equals(f.scaleBytes, scaleBytes);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + bytes;
    }

    @Override
    public String toString() {
        return name;
    }
}
