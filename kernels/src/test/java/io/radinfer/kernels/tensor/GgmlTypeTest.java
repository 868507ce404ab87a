package io.radinfer.kernels.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GgmlTypeTest {

    @Test
    void blockLayoutsMatchGgml() {
        // ggml-common.h: static_assert(sizeof(block_q8_0) == sizeof(ggml_half) + QK8_0, ...) etc.
        assertBlock(GgmlType.F32, 0, 1, 4);
        assertBlock(GgmlType.F16, 1, 1, 2);
        assertBlock(GgmlType.Q4_0, 2, 32, 2 + 16);
        assertBlock(GgmlType.Q8_0, 8, 32, 2 + 32);
        assertBlock(GgmlType.Q4_K, 12, 256, 2 + 2 + 12 + 128);
        assertBlock(GgmlType.Q6_K, 14, 256, 128 + 64 + 16 + 2);
        assertBlock(GgmlType.BF16, 30, 1, 2);
    }

    private static void assertBlock(GgmlType t, int id, int block, int bytes) {
        assertEquals(id, t.id(), t + " id");
        assertEquals(block, t.blockSize(), t + " block size");
        assertEquals(bytes, t.blockBytes(), t + " block bytes");
        assertEquals(t, GgmlType.byId(id));
    }

    @Test
    void rowBytesRejectsRaggedRows() {
        assertEquals(34 * 4, GgmlType.Q8_0.rowBytes(128));
        assertEquals(172 * 4, GgmlType.F32.rowBytes(172));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GgmlType.Q8_0.rowBytes(172));
        assertEquals("a Q8_0 row needs a positive multiple of 32 values, got 172", e.getMessage());
        assertNull(GgmlType.byId(3));
    }
}
