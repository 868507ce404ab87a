package io.radinfer.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.gguf.GgufValue;
import io.radinfer.runtime.gguf.GgufValueType;
import io.radinfer.runtime.gguf.GgufWriter;
import io.radinfer.runtime.llama2c.Llama2cVocabulary;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.ModelFormatException;
import io.radinfer.runtime.model.SyntheticModel;
import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counts and lengths read from a model file cannot make radinfer allocate more heap than the file's size plus a
 * fixed overhead: files that claim huge layer counts, dimensions, context lengths and vocabularies are refused with a
 * typed error, and the heap the refusing thread allocated is measured (ThreadMXBean) and must stay small. (Counts in
 * the GGUF header, metadata arrays and string lengths are covered the same way by GgufHostileInputTest.)
 */
class AllocationBoundTest {
    /** Fixed overhead allowed besides the file's size: parsed metadata, exception messages, small buffers. */
    private static final long OVERHEAD_BYTES = 4L << 20;
    private static final LlamaConfig SMALL = new LlamaConfig("llama", 32, 64, 1, 2, 1, 16, 16, 1e-5f, 10000f,
            RopeLayout.ADJACENT, false);

    @TempDir
    Path dir;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Runs {@code refusal}, which must throw {@code type}, and checks the heap it allocated. */
    private static <T extends Throwable> void refusedWithinBudget(String what, Path file, Class<T> type, Executable refusal)
            throws Exception {
        long budget = Files.size(file) + OVERHEAD_BYTES;
        long before = allocated();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThrows(type, refusal, what);
        }, what);
        long used = allocated() - before;
        assertTrue(used < budget, what + ": allocated " + used + " bytes, budget " + budget);
    }

    /** A small valid llama GGUF whose metadata then claims {@code overrides}. */
    private Path gguf(String name, Map<String, Long> overrides) throws Exception {
        Map<String, Long> meta = new LinkedHashMap<>();
        meta.put("llama.context_length", (long) SMALL.contextLength());
        meta.put("llama.embedding_length", (long) SMALL.dim());
        meta.put("llama.feed_forward_length", (long) SMALL.hiddenDim());
        meta.put("llama.block_count", (long) SMALL.layers());
        meta.put("llama.attention.head_count", (long) SMALL.heads());
        meta.put("llama.attention.head_count_kv", (long) SMALL.kvHeads());
        meta.putAll(overrides);
        Path file = dir.resolve(name + ".gguf");
        try (Arena arena = Arena.ofConfined()) {
            GgufWriter w = new GgufWriter().put("general.architecture", new GgufValue.Text("llama"));
            meta.forEach((k, v) -> w.put(k, new GgufValue.Int(GgufValueType.UINT32, v)));
            for (Tensor t : SyntheticModel.tensors(SMALL, GgmlType.Q8_0, 1, false, arena).values()) {
                w.addTensor(t);
            }
            w.write(file);
        }
        return file;
    }

    @Test
    void ggufMetadataClaimingHugeShapesIsRefusedWithoutAllocatingThem() throws Exception {
        Path warm = gguf("warm", Map.of("llama.block_count", 3L));
        assertThrows(ModelFormatException.class, () -> Model.load(warm));
        long huge = Integer.MAX_VALUE;
        java.util.List<Map.Entry<String, Long>> cases = java.util.List.of(
                Map.entry("llama.block_count", huge),
                Map.entry("llama.block_count", 1L << 20),
                Map.entry("llama.embedding_length", huge),
                Map.entry("llama.feed_forward_length", huge),
                Map.entry("llama.attention.head_count", huge),
                Map.entry("llama.attention.head_count_kv", huge),
                Map.entry("llama.block_count", 1L << 31));
        for (Map.Entry<String, Long> c : cases) {
            Path file = gguf("huge", Map.of(c.getKey(), c.getValue()));
            refusedWithinBudget(c.getKey() + " = " + c.getValue(), file, ModelFormatException.class,
                    () -> Model.load(file).close());
        }
    }

    @Test
    void aHugeContextLengthIsRefusedWhenTheSessionIsOpenedNotAllocated() throws Exception {
        Path file = gguf("long-context", Map.of("llama.context_length", (long) Integer.MAX_VALUE));
        try (Model m = Model.load(file)) {
            refusedWithinBudget("context_length 2^31-1", file, IllegalArgumentException.class,
                    () -> m.newSession(SessionOptions.defaults()).close());
            try (Session s = m.newSession(SessionOptions.defaults().withContextLength(8))) {
                s.forward(1);
            }
        }
    }

    private static byte[] llama2cHeader(int... h) {
        ByteBuffer b = ByteBuffer.allocate(28 + 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : h) {
            b.putInt(v);
        }
        return b.array();
    }

    @Test
    void llama2cHeadersClaimingHugeDimensionsAreRefusedWithoutAllocatingThem() throws Exception {
        int max = Integer.MAX_VALUE;
        Map<String, int[]> cases = new LinkedHashMap<>();
        cases.put("dim 2^30", new int[] {1 << 30, 64, 1, 2, 2, 16, 8});
        cases.put("hidden_dim 2^31-1", new int[] {8, max, 1, 2, 2, 16, 8});
        cases.put("n_layers 2^31-1", new int[] {8, 16, max, 2, 2, 16, 8});
        cases.put("vocab_size 2^31-1", new int[] {8, 16, 1, 2, 2, max, 8});
        cases.put("vocab_size -(2^31-1)", new int[] {8, 16, 1, 2, 2, -max, 8});
        cases.put("seq_len 2^31-1", new int[] {8, 16, 1, 2, 2, 16, max});
        cases.put("everything 2^30", new int[] {1 << 30, 1 << 30, 1 << 30, 1 << 4, 1 << 4, 1 << 30, 1 << 30});
        Path warm = Files.write(dir.resolve("warm.bin"), llama2cHeader(8, 16, 1, 2, 2, 16, 8));
        assertThrows(ModelFormatException.class, () -> Model.load(warm));
        for (Map.Entry<String, int[]> c : cases.entrySet()) {
            Path file = Files.write(dir.resolve("huge.bin"), llama2cHeader(c.getValue()));
            refusedWithinBudget(c.getKey(), file, ModelFormatException.class, () -> Model.load(file).close());
        }
    }

    @Test
    void aTokenizerClaimingAHugeVocabularyOrTokenIsRefusedWithoutAllocatingIt() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(Integer.MAX_VALUE).putFloat(0f).putInt(Integer.MAX_VALUE);
        Path file = Files.write(dir.resolve("tokenizer.bin"), b.array());
        assertThrows(ModelFormatException.class, () -> Llama2cVocabulary.read(file, 3));
        refusedWithinBudget("vocab_size 2^31-1", file, ModelFormatException.class,
                () -> Llama2cVocabulary.read(file, Integer.MAX_VALUE));
        refusedWithinBudget("token length 2^31-1", file, ModelFormatException.class,
                () -> Llama2cVocabulary.read(file, 1));
    }
}
