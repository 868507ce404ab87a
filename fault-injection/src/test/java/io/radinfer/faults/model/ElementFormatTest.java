package io.radinfer.faults.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.radinfer.kernels.tensor.GgmlType;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ElementFormatTest {

    @Test
    void floatFieldsFollowIeee754() {
        assertArrayEquals(new int[] {31}, ElementFormat.F32.allowedBits(BitRestriction.SIGN));
        assertArrayEquals(IntStream.rangeClosed(23, 30).toArray(), ElementFormat.F32.allowedBits(BitRestriction.EXPONENT));
        assertEquals(23, ElementFormat.F32.allowedBits(BitRestriction.MANTISSA).length);
        assertArrayEquals(IntStream.rangeClosed(10, 14).toArray(), ElementFormat.F16.allowedBits(BitRestriction.EXPONENT));
        assertArrayEquals(IntStream.rangeClosed(7, 14).toArray(), ElementFormat.BF16.allowedBits(BitRestriction.EXPONENT));
        assertEquals(32, ElementFormat.F32.allowedBits(BitRestriction.ALL).length);
    }

    @Test
    void quantBlocksExposeTheirScaleBytesAsGgmlLaysThemOut() {
        ElementFormat q8 = ElementFormat.of(GgmlType.Q8_0);
        assertEquals(34, q8.bytes());
        assertArrayEquals(IntStream.range(0, 16).toArray(), q8.allowedBits(BitRestriction.SCALE));
        ElementFormat q4k = ElementFormat.of(GgmlType.Q4_K);
        assertEquals(128, q4k.allowedBits(BitRestriction.SCALE).length, "d, dmin and 12 scale bytes");
        ElementFormat q6k = ElementFormat.of(GgmlType.Q6_K);
        assertArrayEquals(IntStream.range(192 * 8, 210 * 8).toArray(), q6k.allowedBits(BitRestriction.SCALE));
        // Q6_K's f16 d sits at byte 208: its exponent bits are 208*8 + 10..14.
        assertArrayEquals(IntStream.rangeClosed(1674, 1678).toArray(), q6k.allowedBits(BitRestriction.EXPONENT));
    }

    @Test
    void missingFieldsAreTypedErrors() {
        assertThrows(FaultSpecException.class, () -> ElementFormat.INT8.allowedBits(BitRestriction.EXPONENT));
        assertThrows(FaultSpecException.class, () -> ElementFormat.F32.allowedBits(BitRestriction.SCALE));
    }
}
