package io.radinfer.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.model.ModelFormatException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that claim huge sizes, and randomly corrupted files: bounded heap, typed errors only. */
class GgufHostileInputTest {
    /** Heap a refused open may allocate: a few exception messages and small buffers, far below any claimed size. */
    private static final long HEAP_BUDGET_BYTES = 2L << 20;

    @TempDir
    Path dir;

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static GgufBytes hugeArray(GgufValueType elementType, long count) {
        return GgufBytes.header(3, 0, 1).str("k").u32(GgufValueType.ARRAY.id()).u32(elementType.id()).u64(count)
                .raw(new byte[4096]);
    }

    @Test
    void filesClaimingHugeCountsAreRefusedWithoutAllocatingThem() throws Exception {
        Map<String, GgufBytes> files = new java.util.LinkedHashMap<>();
        files.put("tensor_count 2^60", GgufBytes.header(3, 1L << 60, 0).raw(new byte[4096]));
        files.put("metadata_kv_count 2^60", GgufBytes.header(3, 0, 1L << 60).raw(new byte[4096]));
        files.put("string length 2^62", GgufBytes.header(3, 0, 1).str("k").u32(GgufValueType.STRING.id())
                .u64(1L << 62).raw(new byte[4096]));
        files.put("string length 2^31", GgufBytes.header(3, 0, 1).str("k").u32(GgufValueType.STRING.id())
                .u64(1L << 31).raw(new byte[4096]));
        for (GgufValueType t : GgufValueType.values()) {
            files.put("array of " + t + " count 2^40", hugeArray(t, 1L << 40));
        }
        files.put("tensor dims 2^62", GgufBytes.header(3, 1, 0).tensorInfo("w", GgmlType.F32.id(), 0, 1L << 31, 1L << 30)
                .raw(new byte[4096]));

        Path warm = files.values().iterator().next().write(dir.resolve("warm.gguf"));
        assertThrows(ModelFormatException.class, () -> GgufFile.open(warm));

        for (Map.Entry<String, GgufBytes> e : files.entrySet()) {
            Path file = e.getValue().write(dir.resolve("huge.gguf"));
            long before = allocatedByThisThread();
            assertThrows(ModelFormatException.class, () -> GgufFile.open(file), e.getKey());
            long used = allocatedByThisThread() - before;
            assertTrue(used < HEAP_BUDGET_BYTES, e.getKey() + ": allocated " + used + " bytes");
        }
    }

    /** A small valid file with most value types, an integrity record and three tensors, as random flips' target. */
    private Path validFile() throws Exception {
        Path file = dir.resolve("valid.gguf");
        float[] w = new float[64];
        for (int i = 0; i < w.length; i++) {
            w[i] = i * 0.5f;
        }
        new GgufWriter()
                .put("general.architecture", new GgufValue.Text("llama"))
                .put("llama.block_count", new GgufValue.Int(GgufValueType.UINT32, 2))
                .put("llama.rope.freq_base", new GgufValue.Real(GgufValueType.FLOAT32, 10000))
                .put("llama.use_parallel_residual", new GgufValue.Bool(false))
                .put("tokenizer.ggml.tokens", GgufArray.ofStrings("<unk>", "<s>", "</s>", "▁a", "é"))
                .put("tokenizer.ggml.scores", GgufArray.ofFloat32(0, 0, 0, -1.5f, -2))
                .put("tokenizer.ggml.token_type", GgufArray.ofIntegers(GgufValueType.INT32, 2, 3, 3, 1, 1))
                .put("x.nested", GgufArray.ofArrays(GgufArray.ofBooleans(true), GgufArray.ofFloat64(1.0)))
                .addTensor("token_embd.weight", GgmlType.F32, new long[] {8, 8}, MemorySegment.ofArray(w))
                .addTensor("blk.0.attn_q.weight", GgmlType.Q8_0, new long[] {32, 2}, MemorySegment.ofArray(new byte[68]))
                .addTensor("output_norm.weight", GgmlType.F16, new long[] {8}, MemorySegment.ofArray(new short[8]))
                .withIntegrityRecord()
                .write(file);
        return file;
    }

    @Test
    void randomByteFlipsGiveAModelOrAFormatErrorNeverAnythingElse() throws Exception {
        byte[] valid = Files.readAllBytes(validFile());
        Path file = dir.resolve("flipped.gguf");
        Random rnd = new Random(20240601L);
        int opened = 0;
        int refused = 0;
        for (int iteration = 0; iteration < 400; iteration++) {
            byte[] bytes = valid.clone();
            int flips = 1 + rnd.nextInt(3);
            StringBuilder where = new StringBuilder();
            for (int f = 0; f < flips; f++) {
                int pos = rnd.nextInt(bytes.length);
                bytes[pos] ^= (byte) (1 << rnd.nextInt(8));
                where.append(pos).append(' ');
            }
            Files.write(file, bytes);
            String label = "iteration " + iteration + ", bits flipped at bytes " + where;
            boolean ok = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
                try (GgufFile g = GgufFile.open(file)) {
                    for (GgufTensorInfo info : g.tensors()) {
                        Tensor t = g.tensor(info.name());
                        t.data().get(ValueLayout.JAVA_BYTE, t.byteSize() - 1);
                    }
                    g.verifyIntegrity();
                    return true;
                } catch (ModelFormatException expected) {
                    return false;
                } catch (Throwable other) {
                    fail(label + ": " + other, other);
                    return false;
                }
            }, label);
            if (ok) {
                opened++;
            } else {
                refused++;
            }
        }
        assertEquals(400, opened + refused);
        assertTrue(refused > 0, "some flips must hit checked fields");
    }

    @Test
    void everyFlipInTensorDataIsCaughtByTheIntegrityRecordAndNamesTheTensor() throws Exception {
        Path valid = validFile();
        byte[] bytes = Files.readAllBytes(valid);
        List<GgufTensorInfo> infos;
        try (GgufFile g = GgufFile.open(valid, IntegrityCheck.REQUIRED)) {
            infos = g.tensors();
        }
        Path file = dir.resolve("flipped.gguf");
        Random rnd = new Random(5);
        for (GgufTensorInfo info : infos) {
            for (int k = 0; k < 10; k++) {
                byte[] copy = bytes.clone();
                int pos = (int) (info.offset() + rnd.nextInt((int) info.byteSize()));
                copy[pos] ^= (byte) (1 << rnd.nextInt(8));
                Files.write(file, copy);
                IntegrityException e = assertThrows(IntegrityException.class,
                        () -> GgufFile.open(file, IntegrityCheck.IF_PRESENT), "byte " + pos);
                assertEquals(List.of(info.name()), e.tensorNames());
                assertTrue(e.getMessage().contains(info.name()), e.getMessage());
                try (GgufFile unchecked = GgufFile.open(file)) {
                    assertThrows(IntegrityException.class, unchecked::verifyIntegrity);
                }
            }
        }
    }

    @Test
    void requiredIntegrityRefusesAFileWithoutARecord() throws Exception {
        Path file = dir.resolve("plain.gguf");
        new GgufWriter().addTensor("w", GgmlType.F32, new long[] {4}, MemorySegment.ofArray(new float[4])).write(file);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> GgufFile.open(file, IntegrityCheck.REQUIRED));
        assertEquals("radinfer.integrity.crc32c", e.field());
        try (GgufFile g = GgufFile.open(file, IntegrityCheck.IF_PRESENT)) {
            assertTrue(!g.hasIntegrityRecord());
            assertThrows(ModelFormatException.class, g::verifyIntegrity);
        }
    }

    @Test
    void aMalformedIntegrityRecordIsRefusedAtOpen() throws Exception {
        GgufBytes b = GgufBytes.header(3, 1, 2)
                .str("radinfer.integrity.crc32c").u32(GgufValueType.ARRAY.id()).u32(GgufValueType.UINT32.id()).u64(1).u32(0)
                .str("radinfer.integrity.tensors").u32(GgufValueType.ARRAY.id()).u32(GgufValueType.STRING.id()).u64(1)
                .str("nope")
                .tensorInfo("w", GgmlType.F32.id(), 0, 8).padTo(32).counting(32);
        Path file = b.write(dir.resolve("bad-record.gguf"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> GgufFile.open(file));
        assertEquals("radinfer.integrity.tensors[0]", e.field());
    }
}
