package io.radinfer.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.model.ModelFormatException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufRoundTripTest {
    @TempDir
    Path dir;

    /** One value of every scalar type, one array of every element type, and nested and empty arrays. */
    private static Map<String, GgufValue> everyValueType() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("t.uint8", new GgufValue.Int(GgufValueType.UINT8, 200));
        m.put("t.int8", new GgufValue.Int(GgufValueType.INT8, -100));
        m.put("t.uint16", new GgufValue.Int(GgufValueType.UINT16, 60_000));
        m.put("t.int16", new GgufValue.Int(GgufValueType.INT16, -30_000));
        m.put("t.uint32", new GgufValue.Int(GgufValueType.UINT32, 4_000_000_000L));
        m.put("t.int32", new GgufValue.Int(GgufValueType.INT32, -2_000_000_000));
        m.put("t.float32", new GgufValue.Real(GgufValueType.FLOAT32, 1e-5));
        m.put("t.bool", new GgufValue.Bool(true));
        m.put("t.string", new GgufValue.Text("héllo ✓ 日本"));
        m.put("t.string_empty", new GgufValue.Text(""));
        m.put("t.uint64", new GgufValue.Int(GgufValueType.UINT64, -1L));
        m.put("t.int64", new GgufValue.Int(GgufValueType.INT64, Long.MIN_VALUE));
        m.put("t.float64", new GgufValue.Real(GgufValueType.FLOAT64, Math.PI));
        m.put("a.uint8", GgufArray.ofIntegers(GgufValueType.UINT8, 0, 1, 255));
        m.put("a.int8", GgufArray.ofIntegers(GgufValueType.INT8, -128, 0, 127));
        m.put("a.uint16", GgufArray.ofIntegers(GgufValueType.UINT16, 0, 65_535));
        m.put("a.int16", GgufArray.ofIntegers(GgufValueType.INT16, -32_768, 32_767));
        m.put("a.uint32", GgufArray.ofIntegers(GgufValueType.UINT32, 0, 0xFFFF_FFFFL));
        m.put("a.int32", GgufArray.ofIntegers(GgufValueType.INT32, Integer.MIN_VALUE, 3, Integer.MAX_VALUE));
        m.put("a.float32", GgufArray.ofFloat32(-0.0f, 1.5f, Float.NaN, Float.MAX_VALUE));
        m.put("a.bool", GgufArray.ofBooleans(true, false, true));
        m.put("a.string", GgufArray.ofStrings("<unk>", "", "▁the", "日本"));
        m.put("a.uint64", GgufArray.ofIntegers(GgufValueType.UINT64, -1L, 0));
        m.put("a.int64", GgufArray.ofIntegers(GgufValueType.INT64, Long.MIN_VALUE, Long.MAX_VALUE));
        m.put("a.float64", GgufArray.ofFloat64(Double.MIN_VALUE, -1e300));
        m.put("a.empty", GgufArray.ofFloat32());
        m.put("a.nested", GgufArray.ofArrays(
                GgufArray.ofStrings("x", "y"),
                GgufArray.ofArrays(GgufArray.ofIntegers(GgufValueType.INT16, 7)),
                GgufArray.ofIntegers(GgufValueType.UINT8)));
        return m;
    }

    @Test
    void everyMetadataTypeRoundTripsWithOrderAndValues() throws Exception {
        Map<String, GgufValue> values = everyValueType();
        GgufWriter w = new GgufWriter();
        values.forEach(w::put);
        Path file = dir.resolve("meta.gguf");
        w.write(file);

        try (GgufFile g = GgufFile.open(file)) {
            assertEquals(3, g.version());
            assertEquals(new ArrayList<>(values.keySet()), new ArrayList<>(g.metadata().keySet()));
            assertEquals(values, g.metadata());
            assertEquals(60_000, g.getInt("t.uint16"));
            assertEquals(4_000_000_000L, g.getLong("t.uint32"));
            assertEquals(1e-5f, g.getFloat("t.float32"));
            assertEquals("héllo ✓ 日本", g.getString("t.string"));
            assertTrue(g.getBoolean("t.bool", false));
            assertArrayEquals(new String[] {"<unk>", "", "▁the", "日本"}, g.getStringArray("a.string"));
            assertArrayEquals(new float[] {-0.0f, 1.5f, Float.NaN, Float.MAX_VALUE}, g.getFloatArray("a.float32"));
            assertArrayEquals(new int[] {Integer.MIN_VALUE, 3, Integer.MAX_VALUE}, g.getIntArray("a.int32"));
            assertArrayEquals(new int[] {0, 1, 255}, g.getIntArray("a.uint8"));
            assertEquals(7, ((GgufArray) g.metadata().get("a.nested")).arrayAt(1).arrayAt(0).longAt(0));
            assertEquals(0, g.tensors().size());
        }
    }

    @Test
    void gettersNameTheKeyWhenMissingOrOfTheWrongType() throws Exception {
        GgufWriter w = new GgufWriter();
        everyValueType().forEach(w::put);
        Path file = dir.resolve("meta.gguf");
        w.write(file);
        try (GgufFile g = GgufFile.open(file)) {
            ModelFormatException missing = assertThrows(ModelFormatException.class, () -> g.getString("llama.block_count"));
            assertEquals("llama.block_count", missing.field());
            assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
            ModelFormatException wrong = assertThrows(ModelFormatException.class, () -> g.getString("t.uint8"));
            assertTrue(wrong.getMessage().contains("t.uint8") && wrong.getMessage().contains("UINT8"), wrong.getMessage());
            ModelFormatException tooBig = assertThrows(ModelFormatException.class, () -> g.getInt("t.uint32"));
            assertTrue(tooBig.getMessage().contains("t.uint32"), tooBig.getMessage());
            assertThrows(ModelFormatException.class, () -> g.getLong("t.uint64"));
            assertThrows(ModelFormatException.class, () -> g.getFloatArray("a.float64"));
            assertThrows(ModelFormatException.class, () -> g.getIntArray("a.uint32"));
            assertEquals(42, g.getInt("absent", 42));
            assertEquals(0.5f, g.getFloat("absent", 0.5f));
            assertThrows(ModelFormatException.class, () -> g.getInt("t.string", 42));
            assertFalse(g.has("absent"));
        }
    }

    private static Tensor randomTensor(GgmlType type, String name, Random rnd, Arena arena) {
        Tensor t = Tensor.allocate(name, type, arena, type.blockSize() * 2L, 3);
        byte[] bytes = new byte[(int) t.byteSize()];
        rnd.nextBytes(bytes);
        MemorySegment.copy(bytes, 0, t.data(), ValueLayout.JAVA_BYTE, 0, bytes.length);
        return t;
    }

    @Test
    void tensorsOfEveryTypeRoundTripByteForByteAsReadOnlyMappings() throws Exception {
        Random rnd = new Random(7);
        Path file = dir.resolve("tensors.gguf");
        List<Tensor> written = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            GgufWriter w = new GgufWriter().put("general.architecture", new GgufValue.Text("llama"));
            for (GgmlType type : GgmlType.values()) {
                Tensor t = randomTensor(type, "t." + type.name().toLowerCase(), rnd, arena);
                written.add(t);
                w.addTensor(t);
            }
            // A tensor given as a raw heap segment, which the writer has to stage rather than write directly.
            float[] f = {1, 2, 3, 4, 5, 6};
            w.addTensor("raw.heap", GgmlType.F32, new long[] {3, 2}, MemorySegment.ofArray(f));
            long size = w.write(file);
            assertEquals(Files.size(file), size);
            assertEquals(0, size % 32, "the last tensor is padded to the alignment, as llama.cpp writes it");

            try (GgufFile g = GgufFile.open(file)) {
                assertEquals(written.size() + 1, g.tensors().size());
                for (int i = 0; i < written.size(); i++) {
                    Tensor expected = written.get(i);
                    GgufTensorInfo info = g.tensors().get(i);
                    assertEquals(expected.name(), info.name());
                    assertEquals(expected.type(), info.type());
                    assertArrayEquals(expected.shape(), info.shape());
                    assertEquals(0, info.offset() % 32);
                    Tensor read = g.tensor(expected.name());
                    assertTrue(read.data().isReadOnly());
                    assertEquals(-1, read.data().mismatch(expected.data()), expected.name() + " bytes differ");
                }
                Tensor heap = g.tensor("raw.heap");
                assertEquals(6f, heap.data().get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 20));
            }
        }
    }

    @Test
    void customAlignmentIsWrittenReadAndAppliedToEveryTensor() throws Exception {
        Path file = dir.resolve("aligned.gguf");
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(1);
            new GgufWriter().alignment(64)
                    .addTensor(randomTensor(GgmlType.Q8_0, "a", rnd, arena))
                    .addTensor(randomTensor(GgmlType.F16, "b", rnd, arena))
                    .write(file);
        }
        try (GgufFile g = GgufFile.open(file)) {
            assertEquals(64, g.alignment());
            assertEquals(0, g.dataOffset() % 64);
            for (GgufTensorInfo t : g.tensors()) {
                assertEquals(0, t.offset() % 64, t.toString());
            }
            assertEquals(64, g.getInt("general.alignment"));
        }
    }

    @Test
    void writerBytesFollowTheSpecFieldByField() throws Exception {
        Path file = dir.resolve("golden.gguf");
        float[] data = {1f, -2f, 3.5f, 0f};
        new GgufWriter()
                .put("general.architecture", new GgufValue.Text("llama"))
                .put("v", GgufArray.ofIntegers(GgufValueType.INT16, -1, 2))
                .addTensor("w", GgmlType.F32, new long[] {2, 2}, MemorySegment.ofArray(data))
                .addTensor("b", GgmlType.F32, new long[] {1}, MemorySegment.ofArray(new float[] {9f}))
                .write(file);

        GgufBytes expected = GgufBytes.header(3, 2, 2)
                .kvString("general.architecture", "llama")
                .str("v").u32(GgufValueType.ARRAY.id()).u32(GgufValueType.INT16.id()).u64(2).u16(-1).u16(2)
                .tensorInfo("w", 0, 0, 2, 2)
                .tensorInfo("b", 0, 32, 1)
                .padTo(32);
        for (float v : data) {
            expected.f32(v);
        }
        expected.padTo(32).f32(9f).padTo(32);
        assertArrayEquals(expected.toArray(), Files.readAllBytes(file));
    }

    @Test
    void readsAVersion2FileWrittenByHand() throws Exception {
        GgufBytes b = GgufBytes.header(2, 1, 2)
                .kvString("general.architecture", "llama")
                .kvU32("llama.block_count", 5)
                .tensorInfo("token_embd.weight", GgmlType.F32.id(), 0, 2, 3)
                .padTo(32);
        long dataStart = b.size();
        for (int i = 0; i < 6; i++) {
            b.f32(i * 0.25f);
        }
        Path file = b.write(dir.resolve("v2.gguf"));
        try (GgufFile g = GgufFile.open(file)) {
            assertEquals(2, g.version());
            assertEquals("llama", g.getString("general.architecture"));
            assertEquals(5, g.getInt("llama.block_count"));
            assertEquals(dataStart, g.dataOffset());
            Tensor t = g.tensor("token_embd.weight");
            assertArrayEquals(new long[] {2, 3}, t.shape());
            assertEquals(1.25f, t.data().get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 20));
        }
    }

    @Test
    void tensorsAreUnusableAfterClose() throws Exception {
        Path file = dir.resolve("close.gguf");
        new GgufWriter().addTensor("w", GgmlType.F32, new long[] {4}, MemorySegment.ofArray(new float[4])).write(file);
        GgufFile g = GgufFile.open(file);
        Tensor t = g.tensor("w");
        g.close();
        g.close();
        assertThrows(IllegalStateException.class, () -> t.data().get(ValueLayout.JAVA_BYTE, 0));
        try (GgufFile again = GgufFile.open(file)) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> again.tensor("absent"));
            assertEquals("tensor 'absent'", e.field());
        }
    }

    @Test
    void writerRefusesWhatLlamaCppCouldNotRead() throws Exception {
        GgufWriter w = new GgufWriter();
        MemorySegment four = MemorySegment.ofArray(new float[4]);
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("x".repeat(64), GgmlType.F32, new long[] {4}, four));
        w.addTensor("x".repeat(63), GgmlType.F32, new long[] {4}, four);
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("x".repeat(63), GgmlType.F32, new long[] {4}, four));
        assertThrows(IllegalArgumentException.class, () -> w.alignment(48));
        assertThrows(IllegalArgumentException.class, () -> w.alignment(4));
        assertThrows(IllegalArgumentException.class,
                () -> w.put("general.alignment", new GgufValue.Int(GgufValueType.UINT64, 64)));
        assertThrows(IllegalArgumentException.class, () -> w.put("radinfer.integrity.crc32c", GgufArray.ofFloat32()));
        assertThrows(IllegalArgumentException.class, () -> w.put("", new GgufValue.Bool(true)));
        w.put("k", new GgufValue.Text("\ud800"));
        assertThrows(IllegalArgumentException.class, () -> w.write(dir.resolve("never.gguf")));
        assertFalse(Files.exists(dir.resolve("never.gguf")));
        assertThrows(IllegalArgumentException.class, () -> new GgufValue.Int(GgufValueType.UINT8, 256));
        assertThrows(IllegalArgumentException.class, () -> GgufArray.ofIntegers(GgufValueType.INT8, 128));
    }
}
