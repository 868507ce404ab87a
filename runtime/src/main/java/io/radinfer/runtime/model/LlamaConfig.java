package io.radinfer.runtime.model;

import io.radinfer.kernels.ops.RopeLayout;

/**
 * The shape and constants of a llama-family transformer (llama, SmolLM, TinyLlama, Mistral-style files and
 * qwen2), as read from GGUF metadata or a llama2.c header.
 *
 * @param architecture {@code llama} or {@code qwen2}
 * @param dim model width (embedding length)
 * @param hiddenDim feed-forward width
 * @param layers number of transformer blocks
 * @param heads query heads
 * @param kvHeads key/value heads (grouped-query attention when fewer than {@code heads})
 * @param vocab vocabulary size
 * @param contextLength the longest sequence the model was trained for
 * @param rmsEps RMSNorm epsilon
 * @param ropeTheta RoPE base frequency
 * @param rope which pairs RoPE rotates
 * @param qkvBias whether Q/K/V have bias vectors (qwen2)
 */
public record LlamaConfig(String architecture, int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocab,
        int contextLength, float rmsEps, float ropeTheta, RopeLayout rope, boolean qkvBias) {

    public LlamaConfig {
        require(dim > 0, "dim", dim);
        require(hiddenDim > 0, "hidden_dim", hiddenDim);
        require(layers > 0, "layers", layers);
        require(heads > 0 && dim % heads == 0, "heads (must divide dim " + dim + ")", heads);
        require(kvHeads > 0 && heads % kvHeads == 0, "kv_heads (must divide heads " + heads + ")", kvHeads);
        require((dim / heads) % 2 == 0, "head size (must be even for RoPE)", dim / heads);
        require(vocab > 0, "vocab", vocab);
        require(contextLength > 0, "context_length", contextLength);
        if (!(rmsEps > 0 && rmsEps < 1)) {
            throw new IllegalArgumentException("rms epsilon must be in (0, 1), got " + rmsEps);
        }
        if (!(ropeTheta > 1 && Float.isFinite(ropeTheta))) {
            throw new IllegalArgumentException("rope theta must be a finite number > 1, got " + ropeTheta);
        }
    }

    private static void require(boolean ok, String what, long value) {
        if (!ok) {
            throw new IllegalArgumentException("bad model shape: " + what + " = " + value);
        }
    }

    public int headSize() {
        return dim / heads;
    }

    /** Width of the K and V projections: {@code kvHeads * headSize}. */
    public int kvDim() {
        return kvHeads * headSize();
    }
}
