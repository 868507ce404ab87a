package io.radinfer.kernels.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorTest {

    @Test
    void knowsShapeAndSize() {
        try (Arena arena = Arena.ofConfined()) {
            Tensor t = Tensor.allocate("w", GgmlType.Q4_0, arena, 64, 3);
            assertEquals(64, t.cols());
            assertEquals(3, t.rows());
            assertEquals(36, t.rowBytes());
            assertEquals(108, t.byteSize());
            assertEquals(192, t.elementCount());
        }
    }

    @Test
    void rejectsWrongSizes() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class,
                    () -> new Tensor("w", GgmlType.F32, new long[] {4, 2}, arena.allocate(31)));
            assertThrows(IllegalArgumentException.class,
                    () -> new Tensor("w", GgmlType.Q8_0, new long[] {40}, arena.allocate(34)));
            assertThrows(IllegalArgumentException.class,
                    () -> new Tensor("w", GgmlType.F32, new long[] {0}, arena.allocate(0)));
        }
    }

    @Test
    void mapsAFileRegionReadOnlyWithoutCopy(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("w.bin");
        byte[] bytes = new byte[100];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Files.write(f, bytes);
        try (Arena arena = Arena.ofConfined()) {
            Tensor t = Tensor.map("w", GgmlType.F32, f, 8, arena, 4, 2);
            assertEquals(32, t.byteSize());
            assertEquals(8, t.data().get(ValueLayout.JAVA_BYTE, 0));
            assertTrue(t.data().isReadOnly());
            assertTrue(t.data().isMapped());
            assertThrows(IOException.class, () -> Tensor.map("w", GgmlType.F32, f, 80, arena, 8));
        }
    }
}
