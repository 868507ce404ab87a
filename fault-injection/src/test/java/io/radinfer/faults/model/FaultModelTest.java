package io.radinfer.faults.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class FaultModelTest {

    private static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static float f32At(byte[] bytes, int index) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(4 * index);
    }

    @Test
    void bitFlipOfTheTopExponentBitTurnsOneIntoInfinityTimesHalf() {
        // 1.0f = 0x3F800000; bit 30 is the exponent's top bit: 0x7F800000 is +Infinity.
        byte[] mem = f32(2.5f, 1.0f);
        Corruption c = new BitFlip().apply(ByteTarget.of(mem), 4, 4, 30, 0);
        assertEquals(Float.POSITIVE_INFINITY, f32At(mem, 1));
        assertEquals(2.5f, f32At(mem, 0));
        assertEquals(7, c.offset());
        assertEquals(1, c.flippedBits());
        c.undo(ByteTarget.of(mem));
        assertEquals(1.0f, f32At(mem, 1));
    }

    @Test
    void bitFlipOfTheSignBitNegates() {
        byte[] mem = f32(3.0f);
        new BitFlip().apply(ByteTarget.of(mem), 0, 4, 31, 0);
        assertEquals(-3.0f, f32At(mem, 0));
    }

    @Test
    void multiBitUpsetInAWordFlipsAdjacentBitsAcrossAByteBoundary() {
        byte[] mem = new byte[4];
        Corruption c = new MultiBitUpset(3, MultiBitUpset.Layout.WORD).apply(ByteTarget.of(mem), 0, 4, 7, 0);
        // Bits 7, 8, 9: byte 0 bit 7, byte 1 bits 0 and 1.
        assertArrayEquals(new byte[] {(byte) 0x80, 0x03, 0, 0}, mem);
        assertEquals(3, c.flippedBits());
        assertEquals(0, c.offset());
        assertEquals(2, c.length());
    }

    @Test
    void multiBitUpsetInAWordIsShiftedDownToStayInsideTheElement() {
        byte[] mem = new byte[4];
        new MultiBitUpset(4, MultiBitUpset.Layout.WORD).apply(ByteTarget.of(mem), 2, 2, 15, 0);
        // A 2-byte element at offset 2, anchor bit 15: bits 12..15 are flipped, i.e. 0xF0 in byte 3.
        assertArrayEquals(new byte[] {0, 0, 0, (byte) 0xF0}, mem);
    }

    @Test
    void multiBitUpsetOverBytesHitsTheSameBitInAdjacentBytes() {
        byte[] mem = new byte[6];
        Corruption c = new MultiBitUpset(2, MultiBitUpset.Layout.BYTES).apply(ByteTarget.of(mem), 4, 1, 3, 0);
        // Anchor at byte 4 bit 3; the run of 2 bytes fits: bytes 4 and 5.
        assertArrayEquals(new byte[] {0, 0, 0, 0, 8, 8}, mem);
        assertEquals(4, c.offset());
        byte[] edge = new byte[6];
        new MultiBitUpset(3, MultiBitUpset.Layout.BYTES).apply(ByteTarget.of(edge), 5, 1, 0, 0);
        assertArrayEquals(new byte[] {0, 0, 0, 1, 1, 1}, edge, "a run that would leave the target moves back");
    }

    @Test
    void stuckAtForcesTheBitAndMayChangeNothing() {
        byte[] mem = {0b0000_0100};
        Corruption already = new StuckAt(StuckAt.Value.ONE).apply(ByteTarget.of(mem), 0, 1, 2, 0);
        assertFalse(already.changed());
        Corruption forced = new StuckAt(StuckAt.Value.ZERO).apply(ByteTarget.of(mem), 0, 1, 2, 0);
        assertTrue(forced.changed());
        assertEquals(0, mem[0]);
        assertTrue(new StuckAt(StuckAt.Value.ZERO).persistent());
        assertFalse(new BitFlip().persistent());
    }

    @Test
    void stuckAtEitherTakesItsValueFromThePattern() {
        StuckAt either = new StuckAt(StuckAt.Value.EITHER);
        assertEquals(0, either.bitValue(0b10));
        assertEquals(1, either.bitValue(0b11));
    }

    @Test
    void burstCorruptsEveryByteOfTheRunDeterministically() {
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        Corruption ca = new Burst(16).apply(ByteTarget.of(a), 8, 4, 0, 1234L);
        new Burst(16).apply(ByteTarget.of(b), 8, 4, 0, 1234L);
        assertArrayEquals(a, b, "same pattern, same bytes");
        for (int i = 0; i < 64; i++) {
            assertEquals(i >= 8 && i < 24, a[i] != 0, "byte " + i);
        }
        assertEquals(16, ca.length());
        byte[] c = new byte[64];
        new Burst(16).apply(ByteTarget.of(c), 8, 4, 0, 99L);
        assertFalse(java.util.Arrays.equals(a, c), "another pattern, other masks");
    }

    @Test
    void worksOnOffHeapMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(8);
            seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 4, 1.0f);
            new BitFlip().apply(ByteTarget.of(seg), 4, 4, 31, 0);
            assertEquals(-1.0f, seg.get(ValueLayout.JAVA_FLOAT_UNALIGNED, 4));
        }
    }

    @Test
    void rejectsLocationsOutsideTheTarget() {
        ByteTarget t = ByteTarget.of(new byte[4]);
        assertThrows(IndexOutOfBoundsException.class, () -> new BitFlip().apply(t, 2, 4, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> new BitFlip().apply(t, 0, 4, 32, 0));
        assertThrows(IllegalArgumentException.class, () -> new Burst(8).apply(t, 0, 4, 0, 0));
    }

    @Test
    void wordUpsetWiderThanTheElementIsATypedError() {
        FaultSpecException e = assertThrows(FaultSpecException.class,
                () -> new MultiBitUpset(9, MultiBitUpset.Layout.WORD).checkFits(ElementFormat.INT8));
        assertTrue(e.getMessage().contains("mbu:9") && e.getMessage().contains("8 bits"), e.getMessage());
    }
}
