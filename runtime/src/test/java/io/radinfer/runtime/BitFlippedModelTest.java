package io.radinfer.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.gguf.GgufFile;
import io.radinfer.runtime.gguf.GgufTensorInfo;
import io.radinfer.runtime.gguf.GgufValue;
import io.radinfer.runtime.gguf.GgufValueType;
import io.radinfer.runtime.gguf.GgufWriter;
import io.radinfer.runtime.gguf.IntegrityCheck;
import io.radinfer.runtime.gguf.IntegrityException;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.ModelFormatException;
import io.radinfer.runtime.model.SyntheticModel;
import io.radinfer.runtime.protect.ProtectionPreset;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random bit flips in every part of a GGUF model file that carries radinfer's integrity record: the fixed header,
 * the metadata, the tensor infos and the tensor data. Loading with the default options (integrity checked when
 * present) must either refuse the file with a typed error, naming the damaged tensor when the flip is in its data,
 * or give a model that computes exactly what the undamaged one does (the flip hit padding). A model that loads and
 * computes something else is a silent corruption, and fails the test.
 */
class BitFlippedModelTest {
    private static final LlamaConfig CONFIG = new LlamaConfig("llama", 32, 64, 2, 2, 1, 40, 16, 1e-5f, 10000f,
            RopeLayout.ADJACENT, false);
    private static final int[] TOKENS = {1, 7, 19, 33};
    private static final int FLIPS_PER_REGION = 60;

    enum Region { HEADER, METADATA, TENSOR_INFOS, DATA }

    @TempDir
    Path dir;

    private Path writeModel() throws Exception {
        Path file = dir.resolve("clean.gguf");
        try (Arena arena = Arena.ofConfined()) {
            GgufWriter w = new GgufWriter().withIntegrityRecord();
            w.put("general.architecture", new GgufValue.Text("llama"));
            w.put("general.name", new GgufValue.Text("bit-flip target"));
            w.put("llama.context_length", u32(CONFIG.contextLength()));
            w.put("llama.embedding_length", u32(CONFIG.dim()));
            w.put("llama.feed_forward_length", u32(CONFIG.hiddenDim()));
            w.put("llama.block_count", u32(CONFIG.layers()));
            w.put("llama.attention.head_count", u32(CONFIG.heads()));
            w.put("llama.attention.head_count_kv", u32(CONFIG.kvHeads()));
            w.put("llama.attention.layer_norm_rms_epsilon", new GgufValue.Real(GgufValueType.FLOAT32, CONFIG.rmsEps()));
            w.put("llama.rope.freq_base", new GgufValue.Real(GgufValueType.FLOAT32, CONFIG.ropeTheta()));
            w.put("tokenizer.ggml.bos_token_id", u32(1));
            w.put("tokenizer.ggml.eos_token_id", u32(2));
            Map<String, Tensor> tensors = SyntheticModel.tensors(CONFIG, GgmlType.Q8_0, 3, false, arena);
            for (Tensor t : tensors.values()) {
                w.addTensor(t);
            }
            w.write(file);
        }
        return file;
    }

    private static GgufValue u32(long v) {
        return new GgufValue.Int(GgufValueType.UINT32, v);
    }

    /** Logits after every token of {@link #TOKENS}, under checksum protection. */
    private static float[] run(Path file) throws Exception {
        try (Model m = Model.load(file, LoadOptions.defaults());
             Session s = m.newSession(SessionOptions.defaults().withContextLength(TOKENS.length)
                     .withProtection(ProtectionPreset.CHECKSUM))) {
            float[] out = new float[TOKENS.length * m.config().vocab()];
            s.logits(TOKENS, out);
            return out;
        }
    }

    @Test
    void everyFlipIsRefusedWithATypedErrorOrChangesNothing() throws Exception {
        Path clean = writeModel();
        byte[] bytes = Files.readAllBytes(clean);
        float[] reference = run(clean);
        long dataOffset;
        List<GgufTensorInfo> infos;
        try (GgufFile g = GgufFile.open(clean, IntegrityCheck.REQUIRED)) {
            dataOffset = g.dataOffset();
            infos = g.tensors();
        }
        int infosStart = tensorInfosStart(bytes, infos.getFirst().name(), (int) dataOffset);
        Map<Region, int[]> ranges = new EnumMap<>(Region.class);
        ranges.put(Region.HEADER, new int[] {0, 24});
        ranges.put(Region.METADATA, new int[] {24, infosStart});
        ranges.put(Region.TENSOR_INFOS, new int[] {infosStart, (int) dataOffset});
        ranges.put(Region.DATA, new int[] {(int) dataOffset, bytes.length});

        Path file = dir.resolve("flipped.gguf");
        SplittableRandom rnd = new SplittableRandom(20261205L);
        Map<Region, int[]> outcomes = new EnumMap<>(Region.class); // refused, integrity, unchanged
        List<String> silent = new ArrayList<>();
        for (Region region : Region.values()) {
            int[] range = ranges.get(region);
            int[] o = new int[3];
            outcomes.put(region, o);
            for (int k = 0; k < FLIPS_PER_REGION; k++) {
                byte[] copy = bytes.clone();
                int pos = range[0] + rnd.nextInt(range[1] - range[0]);
                int bit = rnd.nextInt(8);
                copy[pos] ^= (byte) (1 << bit);
                Files.write(file, copy);
                String label = region + ": bit " + bit + " of byte " + pos;
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    try {
                        float[] got = run(file);
                        if (java.util.Arrays.equals(got, reference)) {
                            o[2]++;
                        } else {
                            silent.add(label);
                        }
                    } catch (IntegrityException e) {
                        o[1]++;
                        GgufTensorInfo hit = tensorAt(infos, pos);
                        if (hit != null) {
                            assertEquals(List.of(hit.name()), e.tensorNames(), label);
                        }
                    } catch (ModelFormatException e) {
                        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), label);
                        o[0]++;
                    } catch (Throwable other) {
                        fail(label + ": " + other, other);
                    }
                }, label);
            }
        }
        StringBuilder table = new StringBuilder("region: refused / integrity error / unchanged\n");
        outcomes.forEach((r, o) -> table.append(r).append(": ").append(o[0]).append(" / ").append(o[1]).append(" / ")
                .append(o[2]).append('\n'));
        System.out.print(table);
        assertEquals(List.of(), silent, "flips that loaded and changed the model's output without an error\n" + table);
        int[] data = outcomes.get(Region.DATA);
        assertTrue(data[1] > FLIPS_PER_REGION / 2, "most data flips hit tensor bytes and fail their CRC: " + table);
    }

    /** The tensor whose data holds byte {@code pos}, or null (header, padding). */
    private static GgufTensorInfo tensorAt(List<GgufTensorInfo> infos, int pos) {
        for (GgufTensorInfo t : infos) {
            if (pos >= t.offset() && pos < t.offset() + t.byteSize()) {
                return t;
            }
        }
        return null;
    }

    /** Where the first tensor info starts: the last place its name (with its u64 length) occurs before the data. */
    private static int tensorInfosStart(byte[] bytes, String firstName, int dataOffset) {
        byte[] name = firstName.getBytes(StandardCharsets.UTF_8);
        byte[] pattern = ByteBuffer.allocate(8 + name.length).order(ByteOrder.LITTLE_ENDIAN).putLong(name.length)
                .put(name).array();
        for (int i = dataOffset - pattern.length; i >= 24; i--) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("tensor infos not found");
    }

    /**
     * Flips in metadata values the model computes with (RoPE base, RMS epsilon) parse as valid numbers; only the
     * header CRC of the integrity record catches them. Every bit of both values.
     */
    @Test
    void flipsInModelParametersAreCaughtByTheHeaderCrc() throws Exception {
        Path clean = writeModel();
        byte[] bytes = Files.readAllBytes(clean);
        Map<String, Long> at;
        try (GgufFile g = GgufFile.open(clean)) {
            at = Map.of("llama.rope.freq_base", valueOffset(bytes, "llama.rope.freq_base"),
                    "llama.attention.layer_norm_rms_epsilon", valueOffset(bytes, "llama.attention.layer_norm_rms_epsilon"));
        }
        Path file = dir.resolve("flipped.gguf");
        for (Map.Entry<String, Long> e : at.entrySet()) {
            for (int bit = 0; bit < 32; bit++) {
                byte[] copy = bytes.clone();
                int pos = (int) (e.getValue() + bit / 8);
                copy[pos] ^= (byte) (1 << (bit % 8));
                Files.write(file, copy);
                String label = e.getKey() + " bit " + bit;
                ModelFormatException ex = org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class,
                        () -> run(file), label);
                if (ex instanceof IntegrityException ie) {
                    assertEquals(List.of(), ie.tensorNames(), label);
                    assertTrue(ie.getMessage().contains("header"), ie.getMessage());
                }
            }
        }
    }

    /** Offset of the FLOAT32 value of {@code key}: after its u64 length, its bytes and the u32 type id. */
    private static long valueOffset(byte[] bytes, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] pattern = ByteBuffer.allocate(8 + k.length).order(ByteOrder.LITTLE_ENDIAN).putLong(k.length).put(k).array();
        for (int i = 24; i + pattern.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i + pattern.length + 4;
            }
        }
        throw new AssertionError(key + " not found");
    }

    @Test
    void theCleanFileRunsTwiceTheSame() throws Exception {
        Path clean = writeModel();
        assertArrayEquals(run(clean), run(clean));
    }
}
