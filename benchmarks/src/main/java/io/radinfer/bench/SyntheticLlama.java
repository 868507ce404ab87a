package io.radinfer.bench;

import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.builtin.BuiltinModel;
import io.radinfer.runtime.gguf.GgufFile;
import io.radinfer.runtime.gguf.GgufValue;
import io.radinfer.runtime.gguf.GgufValueType;
import io.radinfer.runtime.gguf.GgufWriter;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.LlamaWeights;
import io.radinfer.runtime.model.SyntheticModel;
import io.radinfer.runtime.model.TensorSource;
import io.radinfer.runtime.model.WeightsBinder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The DRAM-bound synthetic llama of the decode, protection, budgeted and peer benchmarks: the shape of
 * PERFORMANCE.md's reference runs (dim 2048, 16 layers, 16 heads without GQA, ffn 5632, vocab 32000, untied
 * classifier), Q8_0, weights from {@link SyntheticModel} (deterministic, seed {@link #SEED}) — about 1 GB of
 * weights, far above any cache.
 *
 * <p>Making 953 M random weights takes several seconds, and every JMH fork needs them, so they are written once
 * as a GGUF file in radinfer's cache directory ({@link BuiltinModel#cacheDir()}/{@code bench}) and each fork
 * either copies them into its own memory ({@link #inMemory}, then {@link Model#fromWeights}) or loads the file
 * as a user would ({@link #gguf}, {@link Model#load}).
 */
public final class SyntheticLlama {
    public static final long SEED = 20_261_205L;
    public static final GgmlType TYPE = GgmlType.Q8_0;
    public static final LlamaConfig CONFIG = new LlamaConfig("llama", 2048, 5632, 16, 16, 16, 32000, 2048, 1e-5f,
            10000f, RopeLayout.ADJACENT, false);
    /** Bumped whenever the file's bytes change. */
    static final int REVISION = 1;
    public static final String FILE_NAME = "bench-r" + REVISION + "-llama-2048x16-q8_0-seed" + SEED + ".gguf";

    private SyntheticLlama() {
    }

    /**
     * Weight bytes one decoded token streams: every layer matrix and the classifier once, and one row of the
     * embedding table.
     */
    public static long streamedBytesPerToken() {
        LlamaConfig c = CONFIG;
        long perLayer = 2 * c.dim() * TYPE.rowBytes(c.dim()) + 2L * c.kvDim() * TYPE.rowBytes(c.dim())
                + 2L * c.hiddenDim() * TYPE.rowBytes(c.dim()) + c.dim() * TYPE.rowBytes(c.hiddenDim());
        return c.layers() * perLayer + c.vocab() * TYPE.rowBytes(c.dim()) + TYPE.rowBytes(c.dim());
    }

    /** Weight bytes of all matrices (embedding included). */
    public static long weightBytes() {
        return streamedBytesPerToken() - TYPE.rowBytes(CONFIG.dim()) + CONFIG.vocab() * TYPE.rowBytes(CONFIG.dim());
    }

    /** The model file, written first if it is not in the cache. */
    public static Path gguf() {
        Path dir = BuiltinModel.cacheDir().resolve("bench");
        try {
            return BuiltinModel.cached(dir, FILE_NAME, SyntheticLlama::write);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark model into " + dir
                    + " (set RADINFER_CACHE to a writable directory)", e);
        }
    }

    private static void write(Path out) throws IOException {
        LlamaConfig c = CONFIG;
        try (Arena arena = Arena.ofConfined()) {
            GgufWriter w = new GgufWriter();
            w.put("general.architecture", new GgufValue.Text("llama"));
            w.put("general.name", new GgufValue.Text("radinfer benchmark model (synthetic weights, seed " + SEED + ")"));
            w.put("general.file_type", u32(7));
            w.put("llama.context_length", u32(c.contextLength()));
            w.put("llama.embedding_length", u32(c.dim()));
            w.put("llama.feed_forward_length", u32(c.hiddenDim()));
            w.put("llama.block_count", u32(c.layers()));
            w.put("llama.attention.head_count", u32(c.heads()));
            w.put("llama.attention.head_count_kv", u32(c.kvHeads()));
            w.put("llama.rope.dimension_count", u32(c.headSize()));
            w.put("llama.attention.layer_norm_rms_epsilon", new GgufValue.Real(GgufValueType.FLOAT32, c.rmsEps()));
            w.put("llama.rope.freq_base", new GgufValue.Real(GgufValueType.FLOAT32, c.ropeTheta()));
            w.put("tokenizer.ggml.bos_token_id", u32(1));
            w.put("tokenizer.ggml.eos_token_id", u32(2));
            for (Tensor t : SyntheticModel.tensors(c, TYPE, SEED, false, arena).values()) {
                w.addTensor(t);
            }
            w.write(out);
        }
    }

    private static GgufValue u32(long v) {
        return new GgufValue.Int(GgufValueType.UINT32, v);
    }

    /**
     * The model with its weights copied into memory of its own ({@link Model#fromWeights}): the decode loop then
     * reads ordinary off-heap memory, as {@link BandwidthBench} does.
     */
    public static Model inMemory() {
        Path file = gguf();
        Arena arena = Arena.ofShared();
        try (GgufFile g = GgufFile.open(file)) {
            Map<String, Tensor> copies = new HashMap<>();
            for (var info : g.tensors()) {
                Tensor t = g.tensor(info.name());
                MemorySegment copy = arena.allocate(t.byteSize(), 64).copyFrom(t.data());
                copies.put(t.name(), t.withData(copy));
            }
            LlamaWeights weights = WeightsBinder.bind(CONFIG, new TensorSource() {
                @Override
                public Tensor find(String name) {
                    return copies.get(name);
                }

                @Override
                public Path file() {
                    return null;
                }
            });
            return Model.fromWeights(CONFIG, weights, 1, 2, arena::close);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot read the benchmark model " + file, e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Loads the model file as {@code radinfer run} would. */
    public static Model load() {
        Path file = gguf();
        try {
            return Model.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the benchmark model " + file, e);
        }
    }
}
