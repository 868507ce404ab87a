package io.radinfer.kernels.quant;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hand-made blocks with known bytes, decoded and encoded as ggml's reference functions do. */
class KnownBlocksTest {

    private static MemorySegment bytes(Arena a, int... b) {
        MemorySegment s = a.allocate(b.length);
        for (int i = 0; i < b.length; i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) b[i]);
        }
        return s;
    }

    @Test
    void q8_0DecodesScaleTimesInt8() {
        try (Arena a = Arena.ofConfined()) {
            int[] raw = new int[34];
            raw[0] = 0x00; // f16 0x3800 = 0.5, little-endian
            raw[1] = 0x38;
            for (int j = 0; j < 32; j++) {
                raw[2 + j] = j * 8 - 128; // -128 .. 120
            }
            float[] y = new float[32];
            Q8_0.dequantizeRow(bytes(a, raw), 0, y, 0, 32);
            for (int j = 0; j < 32; j++) {
                assertEquals(0.5f * (j * 8 - 128), y[j], "value " + j);
            }
        }
    }

    @Test
    void q8_0QuantizerRoundsHalfAwayFromZero() {
        try (Arena a = Arena.ofConfined()) {
            // amax 127 -> d = 1 exactly, so q = roundf(x): ties go away from zero (C roundf).
            float[] x = new float[32];
            x[0] = 127f;
            x[1] = 2.5f;
            x[2] = -2.5f;
            x[3] = 0.5f;
            x[4] = -0.5f;
            x[5] = 0.49999997f; // largest float below 0.5: rounds to 0, not 1
            x[6] = -126.5f;
            MemorySegment out = a.allocate(34);
            Q8_0.quantizeRow(x, 0, 32, out, 0);
            assertEquals((short) 0x3C00, out.get(LittleEndian.SHORT, 0));
            byte[] q = out.asSlice(2, 7).toArray(ValueLayout.JAVA_BYTE);
            assertArrayEquals(new byte[] {127, 3, -3, 1, -1, 0, -127}, q);
        }
    }

    @Test
    void q4_0UsesGgmlNibbleOrderAndOffset() {
        try (Arena a = Arena.ofConfined()) {
            int[] raw = new int[18];
            raw[0] = 0x00; // f16 0x4000 = 2.0
            raw[1] = 0x40;
            for (int j = 0; j < 16; j++) {
                raw[2 + j] = j | ((15 - j) << 4); // low nibble = value j, high nibble = value j+16
            }
            float[] y = new float[32];
            Q4_0.dequantizeRow(bytes(a, raw), 0, y, 0, 32);
            for (int j = 0; j < 16; j++) {
                assertEquals(2f * (j - 8), y[j], "value " + j);
                assertEquals(2f * (15 - j - 8), y[j + 16], "value " + (j + 16));
            }
        }
    }

    @Test
    void q4_0QuantizerMapsSignedMaxToMinusEight() {
        try (Arena a = Arena.ofConfined()) {
            // The value of largest magnitude is -8, so d = -8 / -8 = 1 and nibble = min(15, (int)(x + 8.5)).
            float[] x = new float[32];
            x[0] = -8f; // 0
            x[1] = 7f; // 15
            x[2] = 7.4f; // (int) 15.9 = 15
            x[3] = -0.6f; // (int) 7.9 = 7
            x[4] = 0.5f; // 9
            x[16] = 3f; // 11
            x[17] = -3f; // 5
            MemorySegment out = a.allocate(18);
            Q4_0.quantizeRow(x, 0, 32, out, 0);
            assertEquals((short) 0x3C00, out.get(LittleEndian.SHORT, 0));
            byte[] q = out.asSlice(2, 16).toArray(ValueLayout.JAVA_BYTE);
            assertEquals(0 | (11 << 4), q[0] & 0xff);
            assertEquals(15 | (5 << 4), q[1] & 0xff);
            assertEquals(15 | (8 << 4), q[2] & 0xff);
            assertEquals(7 | (8 << 4), q[3] & 0xff);
            assertEquals(9 | (8 << 4), q[4] & 0xff);
            assertEquals(8 | (8 << 4), q[5] & 0xff);
        }
    }

    @Test
    void q4_KUnpacksSixBitScalesAndMins() {
        int[] sc = {1, 2, 3, 4, 5, 6, 7, 63};
        int[] mn = {0, 1, 2, 3, 4, 5, 6, 40};
        int[] raw = new int[144];
        raw[0] = 0x00; // d = 1.0
        raw[1] = 0x3C;
        raw[2] = 0x00; // dmin = 0.5
        raw[3] = 0x38;
        // ggml's packing (the inverse of get_scale_min_k4): bytes 0-3 scales 0-3 (+ top bits of scales 4-7),
        // bytes 4-7 mins 0-3 (+ top bits of mins 4-7), bytes 8-11 low nibbles of scales/mins 4-7.
        for (int s = 0; s < 4; s++) {
            raw[4 + s] = sc[s] | ((sc[s + 4] >> 4) << 6);
            raw[4 + s + 4] = mn[s] | ((mn[s + 4] >> 4) << 6);
            raw[4 + 8 + s] = (sc[s + 4] & 0xf) | ((mn[s + 4] & 0xf) << 4);
        }
        for (int j = 0; j < 128; j++) {
            raw[16 + j] = (j % 16) | (((j * 7) % 16) << 4);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment blk = bytes(a, raw);
            for (int s = 0; s < 8; s++) {
                assertEquals(sc[s], Q4_K.scale(blk, 0, s), "scale " + s);
                assertEquals(mn[s], Q4_K.min(blk, 0, s), "min " + s);
            }
            float[] y = new float[256];
            Q4_K.dequantizeRow(blk, 0, y, 0, 256);
            for (int i = 0; i < 256; i++) {
                int group = i / 64; // 32 bytes of nibbles per 64 values
                int r = i % 64;
                int byteIdx = group * 32 + (r % 32);
                int nib = r < 32 ? byteIdx % 16 : (byteIdx * 7) % 16;
                int s = i / 32;
                assertEquals(1f * sc[s] * nib - 0.5f * mn[s], y[i], 0f, "value " + i);
            }
        }
    }

    @Test
    void q6_KCombinesLowAndHighBits() {
        int[] raw = new int[210];
        for (int j = 0; j < 128; j++) {
            raw[j] = (j % 16) | (((j + 3) % 16) << 4);
        }
        for (int j = 0; j < 64; j++) {
            raw[128 + j] = (j * 37) & 0xff;
        }
        for (int j = 0; j < 16; j++) {
            raw[192 + j] = j - 8; // int8 scales -8..7
        }
        raw[208] = 0x00; // d = 0.25 (f16 0x3400)
        raw[209] = 0x34;
        try (Arena a = Arena.ofConfined()) {
            float[] y = new float[256];
            Q6_K.dequantizeRow(bytes(a, raw), 0, y, 0, 256);
            // Transcription of ggml's dequantize_row_q6_K loop, index by index.
            for (int h = 0; h < 2; h++) {
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int qh = raw[128 + 32 * h + l];
                    int ql0 = raw[64 * h + l];
                    int ql32 = raw[64 * h + l + 32];
                    int q1 = ((ql0 & 0xf) | (((qh >> 0) & 3) << 4)) - 32;
                    int q2 = ((ql32 & 0xf) | (((qh >> 2) & 3) << 4)) - 32;
                    int q3 = ((ql0 >> 4) | (((qh >> 4) & 3) << 4)) - 32;
                    int q4 = ((ql32 >> 4) | (((qh >> 6) & 3) << 4)) - 32;
                    int sc = 192 + 8 * h + is;
                    assertEquals(0.25f * raw[sc] * q1, y[128 * h + l], 0f);
                    assertEquals(0.25f * raw[sc + 2] * q2, y[128 * h + l + 32], 0f);
                    assertEquals(0.25f * raw[sc + 4] * q3, y[128 * h + l + 64], 0f);
                    assertEquals(0.25f * raw[sc + 6] * q4, y[128 * h + l + 96], 0f);
                }
            }
        }
    }

    @Test
    void halfAndBfloatConversions() {
        assertEquals(1f, F16.round(1f));
        assertEquals(65504f, F16.round(65504f));
        assertEquals(1f + 1f / 1024, F16.round(1f + 1f / 1024 + 1f / 8192)); // nearest f16 step
        // bf16: round to nearest even on the dropped 16 bits, as ggml_compute_fp32_to_bf16.
        assertEquals((short) 0x3F80, BF16.fromFloat(1f));
        assertEquals((short) 0x3F80, BF16.fromFloat(Float.intBitsToFloat(0x3F808000))); // tie -> even
        assertEquals((short) 0x3F82, BF16.fromFloat(Float.intBitsToFloat(0x3F818000))); // tie -> even (up)
        assertEquals((short) 0x3F81, BF16.fromFloat(Float.intBitsToFloat(0x3F808001)));
        assertEquals(1.5f, BF16.toFloat((short) 0x3FC0));
        assertEquals(true, Float.isNaN(BF16.toFloat(BF16.fromFloat(Float.NaN))));
    }
}
