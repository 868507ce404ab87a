package io.radinfer.hw.sim;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.model.LlamaConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shape of a llama-family model, as much as the time and energy model needs: how many operations and
 * bytes a token costs. Build one from a loaded model's configuration with {@link #of}, or take a built-in:
 * <pre>{@code
 * ModelShape m = ModelShape.builtIn("llama-1b-q8_0");
 * System.out.printf("%.0f MiB of weights%n", m.weightBytes() / 1048576.0);
 * }</pre>
 *
 * @param name what to call it in reports
 * @param dim model width
 * @param hiddenDim feed-forward width
 * @param layers transformer blocks
 * @param heads query heads
 * @param kvHeads key/value heads
 * @param vocab vocabulary size
 * @param contextLength positions the KV cache holds
 * @param weightType storage type of the weight matrices
 * @param kvBytesPerValue bytes per KV-cache value (4 for an f32 cache, 2 for f16)
 * @param tiedOutput whether the classifier reuses the token-embedding matrix
 */
public record ModelShape(String name, int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocab,
        int contextLength, GgmlType weightType, int kvBytesPerValue, boolean tiedOutput) {

    /** The default model for simulations: the 1B-class benchmark shape of PERFORMANCE.md, in Q8_0. */
    public static final String DEFAULT = "llama-1b-q8_0";

    private static final Map<String, ModelShape> BUILT_IN = builtIns();

    public ModelShape {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weightType, "weightType");
        if (dim <= 0 || hiddenDim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || vocab <= 0 || contextLength <= 0
                || dim % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("impossible model shape " + name + ": dim " + dim + ", hidden " + hiddenDim
                    + ", layers " + layers + ", heads " + heads + "/" + kvHeads + ", vocab " + vocab + ", context " + contextLength);
        }
        if (kvBytesPerValue != 2 && kvBytesPerValue != 4) {
            throw new IllegalArgumentException("KV cache values are 2 (f16) or 4 (f32) bytes, got " + kvBytesPerValue);
        }
    }

    /** The shape of a loaded model whose weight matrices are stored as {@code weightType}, with an f32 cache. */
    public static ModelShape of(String name, LlamaConfig c, GgmlType weightType, boolean tiedOutput) {
        return new ModelShape(name, c.dim(), c.hiddenDim(), c.layers(), c.heads(), c.kvHeads(), c.vocab(),
                c.contextLength(), weightType, 4, tiedOutput);
    }

    /** The built-in shapes by name ({@link #names()}). */
    public static ModelShape builtIn(String name) {
        ModelShape m = BUILT_IN.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown built-in model shape '" + name + "'; choose one of " + names());
        }
        return m;
    }

    /** Names of the built-in shapes. */
    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }

    private static Map<String, ModelShape> builtIns() {
        Map<String, ModelShape> m = new LinkedHashMap<>();
        // The 1B-class shape PERFORMANCE.md benchmarks llama.cpp with (953 M parameters).
        m.put("llama-1b-q8_0", new ModelShape("llama-1b-q8_0", 2048, 5632, 16, 16, 16, 32000, 2048, GgmlType.Q8_0, 4, false));
        m.put("llama-1b-q4_0", new ModelShape("llama-1b-q4_0", 2048, 5632, 16, 16, 16, 32000, 2048, GgmlType.Q4_0, 4, false));
        // karpathy/tinyllamas stories15M (llama2.c), quantized: small enough for every board.
        m.put("stories15m-q8_0", new ModelShape("stories15m-q8_0", 288, 768, 6, 6, 6, 32000, 256, GgmlType.Q8_0, 4, true));
        // The trained test model in ../shared/models/stories260K (f32 llama2.c checkpoint).
        m.put("stories260k", new ModelShape("stories260k", 64, 172, 5, 8, 4, 512, 512, GgmlType.F32, 4, true));
        return m;
    }

    /** Bytes per weight of the matrix storage type (34/32 for Q8_0, 18/32 for Q4_0, 4 for F32). */
    public double bytesPerWeight() {
        return (double) weightType.blockBytes() / weightType.blockSize();
    }

    public int headSize() {
        return dim / heads;
    }

    public int kvDim() {
        return kvHeads * headSize();
    }

    /** Weights of one transformer block's matrices. */
    public long layerWeights() {
        return 2L * dim * dim + 2L * dim * kvDim() + 3L * dim * hiddenDim;
    }

    /** Parameters in weight matrices, the embedding and (if untied) the classifier. */
    public long parameters() {
        return layers * layerWeights() + (tiedOutput ? 1L : 2L) * vocab * dim;
    }

    /** Bytes the model occupies in memory (matrices in their storage type; norms are negligible). */
    public double weightBytes() {
        return parameters() * bytesPerWeight();
    }

    /** Bytes of a full KV cache. */
    public double kvCacheBytes() {
        return 2.0 * layers * contextLength * kvDim() * kvBytesPerValue;
    }
}
