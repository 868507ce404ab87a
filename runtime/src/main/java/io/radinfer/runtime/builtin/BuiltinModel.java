package io.radinfer.runtime.builtin;

import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.gguf.GgufArray;
import io.radinfer.runtime.gguf.GgufValue;
import io.radinfer.runtime.gguf.GgufValueType;
import io.radinfer.runtime.gguf.GgufWriter;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.SyntheticModel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The model radinfer runs when none is given: a small llama-shaped Q8_0 model (8 layers, width 512,
 * grouped-query attention, untied classifier, 25 MB) with <b>synthetic weights</b> — deterministic random values from a fixed
 * seed, not a trained model — and the word-piece vocabulary of {@link BuiltinVocabulary}. Its text is word
 * salad; its shape, memory traffic and arithmetic are those of a real model, which is what the demo, the
 * benchmarks and the campaigns need without downloading anything.
 *
 * <p>It is written once, at first use, as a GGUF file (with radinfer's integrity record) into the cache
 * directory: {@code $RADINFER_CACHE}, else {@code $XDG_CACHE_HOME/radinfer}, else {@code ~/.cache/radinfer}.
 */
public final class BuiltinModel {
    /** The seed of the weights: the same file everywhere. */
    public static final long SEED = 20_261_122L;
    public static final int VOCAB = BuiltinVocabulary.tokens().length;
    public static final LlamaConfig CONFIG = new LlamaConfig("llama", 512, 1408, 8, 8, 4, VOCAB, 1024, 1e-5f, 10000f,
            RopeLayout.ADJACENT, false);
    /** Bumped whenever the built-in model's bytes change, so an old cached file is not reused. */
    static final int REVISION = 4;
    public static final String FILE_NAME = "builtin-r" + REVISION + "-llama-512x8-q8_0-seed" + SEED + ".gguf";

    private BuiltinModel() {
    }

    /** The cache directory the built-in model lives in. */
    public static Path cacheDir() {
        String env = System.getenv("RADINFER_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "radinfer");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "radinfer");
    }

    /** The built-in model's file in {@link #cacheDir()}, written first if it is not there. */
    public static Path ensure() throws IOException {
        return ensure(cacheDir());
    }

    /** The built-in model's file in {@code dir}, written first if it is not there. */
    public static Path ensure(Path dir) throws IOException {
        return cached(dir, FILE_NAME, BuiltinModel::write);
    }

    /** Writes a file's bytes to the path it is given. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path out) throws IOException;
    }

    /**
     * The file {@code name} in the cache directory {@code dir}, written first by {@code writer} if it is not
     * there: into a temporary file beside it, then moved into place atomically, so a killed run leaves no
     * half-written file and two processes racing each other both end with the same complete file.
     */
    public static Path cached(Path dir, String name, FileWriter writer) throws IOException {
        Path file = dir.resolve(name);
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create the cache directory " + dir + " for " + name + " ("
                    + e.getMessage() + "); set RADINFER_CACHE to a writable directory", e);
        }
        Path tmp = Files.createTempFile(dir, name, ".part");
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                // another process finished first; its file is the same bytes
                if (!Files.isRegularFile(file)) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    /** Writes the built-in model to {@code out}. */
    public static void write(Path out) throws IOException {
        LlamaConfig c = CONFIG;
        try (Arena arena = Arena.ofConfined()) {
            GgufWriter w = new GgufWriter().withIntegrityRecord();
            w.put("general.architecture", new GgufValue.Text("llama"));
            w.put("general.name", new GgufValue.Text("radinfer built-in model (synthetic weights, seed " + SEED + ")"));
            w.put("general.file_type", new GgufValue.Int(GgufValueType.UINT32, 7));
            w.put("llama.context_length", u32(c.contextLength()));
            w.put("llama.embedding_length", u32(c.dim()));
            w.put("llama.feed_forward_length", u32(c.hiddenDim()));
            w.put("llama.block_count", u32(c.layers()));
            w.put("llama.attention.head_count", u32(c.heads()));
            w.put("llama.attention.head_count_kv", u32(c.kvHeads()));
            w.put("llama.rope.dimension_count", u32(c.headSize()));
            w.put("llama.attention.layer_norm_rms_epsilon", new GgufValue.Real(GgufValueType.FLOAT32, c.rmsEps()));
            w.put("llama.rope.freq_base", new GgufValue.Real(GgufValueType.FLOAT32, c.ropeTheta()));
            w.put("tokenizer.ggml.model", new GgufValue.Text("llama"));
            w.put("tokenizer.ggml.tokens", GgufArray.ofStrings(BuiltinVocabulary.tokens()));
            w.put("tokenizer.ggml.scores", GgufArray.ofFloat32(BuiltinVocabulary.scores()));
            int[] types = BuiltinVocabulary.types();
            long[] t = new long[types.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = types[i];
            }
            w.put("tokenizer.ggml.token_type", GgufArray.ofIntegers(GgufValueType.INT32, t));
            w.put("tokenizer.ggml.bos_token_id", u32(BuiltinVocabulary.BOS));
            w.put("tokenizer.ggml.eos_token_id", u32(BuiltinVocabulary.EOS));
            w.put("tokenizer.ggml.unknown_token_id", u32(BuiltinVocabulary.UNK));
            Map<String, Tensor> tensors = SyntheticModel.tensors(c, GgmlType.Q8_0, SEED, false, arena);
            shapeVocabulary(tensors.get("output.weight"));
            for (Tensor tensor : tensors.values()) {
                w.addTensor(tensor);
            }
            w.write(out);
        }
    }

    /**
     * Scales the rows of the classifier (untied from the embedding, so the input side stays neutral) so the
     * random model prefers whole words to word prefixes and rarely picks the byte-fallback tokens, as trained
     * models do: a token's logit grows with its row's length. Whole words x4, other pieces x1, bytes and
     * control tokens x0.05.
     */
    private static void shapeVocabulary(Tensor embd) {
        String[] tokens = BuiltinVocabulary.tokens();
        int[] types = BuiltinVocabulary.types();
        java.util.Set<String> words = BuiltinVocabulary.words();
        float[] row = new float[embd.cols()];
        for (int r = 0; r < embd.rows(); r++) {
            float scale = types[r] != BuiltinVocabulary.NORMAL ? 0.05f
                    : words.contains(tokens[r].replace("\u2581", "")) && tokens[r].startsWith("\u2581") ? 4f : 1f;
            long off = r * embd.rowBytes();
            io.radinfer.kernels.quant.Codec.dequantizeRow(embd.type(), embd.data(), off, row, 0, row.length);
            for (int i = 0; i < row.length; i++) {
                row[i] *= scale;
            }
            io.radinfer.kernels.quant.Codec.quantizeRow(embd.type(), row, 0, row.length, embd.data(), off);
        }
    }

    private static GgufValue u32(long v) {
        return new GgufValue.Int(GgufValueType.UINT32, v);
    }
}
