package io.radinfer.runtime.model;

import io.radinfer.kernels.quant.Codec;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Llama-shaped models with deterministic random weights: for benchmarks, tests and the built-in demo model,
 * where no trained model may be downloaded. The weights are synthetic: the text such a model produces is
 * gibberish, but its shape, memory traffic and numerics are those of a real model of the same size.
 *
 * <p>Matrices are uniform in {@code [-a, a]} with {@code a = sqrt(3 / cols)} (unit-variance outputs for
 * unit-variance inputs, so activations neither vanish nor blow up over many layers); norm weights are 1.
 * Every tensor has its own generator derived from the seed and its name, so the same seed gives the same
 * bytes whatever order the tensors are made in.
 */
public final class SyntheticModel {
    private SyntheticModel() {
    }

    /**
     * The GGUF-named tensors of a model of shape {@code c}, matrices in {@code type} (rows whose length is
     * not a multiple of the type's block size stay F32, as llama.cpp's quantizer does), norms and biases
     * in F32, allocated in {@code arena}.
     */
    public static Map<String, Tensor> tensors(LlamaConfig c, GgmlType type, long seed, boolean tiedOutput, Arena arena) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("token_embd.weight", matrix("token_embd.weight", type, c.dim(), c.vocab(), seed, arena));
        for (int l = 0; l < c.layers(); l++) {
            String p = "blk." + l + ".";
            m.put(p + "attn_norm.weight", ones(p + "attn_norm.weight", c.dim(), arena));
            m.put(p + "attn_q.weight", matrix(p + "attn_q.weight", type, c.dim(), c.dim(), seed, arena));
            m.put(p + "attn_k.weight", matrix(p + "attn_k.weight", type, c.dim(), c.kvDim(), seed, arena));
            m.put(p + "attn_v.weight", matrix(p + "attn_v.weight", type, c.dim(), c.kvDim(), seed, arena));
            m.put(p + "attn_output.weight", matrix(p + "attn_output.weight", type, c.dim(), c.dim(), seed, arena));
            if (c.qkvBias()) {
                m.put(p + "attn_q.bias", matrix(p + "attn_q.bias", GgmlType.F32, c.dim(), 1, seed, arena));
                m.put(p + "attn_k.bias", matrix(p + "attn_k.bias", GgmlType.F32, c.kvDim(), 1, seed, arena));
                m.put(p + "attn_v.bias", matrix(p + "attn_v.bias", GgmlType.F32, c.kvDim(), 1, seed, arena));
            }
            m.put(p + "ffn_norm.weight", ones(p + "ffn_norm.weight", c.dim(), arena));
            m.put(p + "ffn_gate.weight", matrix(p + "ffn_gate.weight", type, c.dim(), c.hiddenDim(), seed, arena));
            m.put(p + "ffn_up.weight", matrix(p + "ffn_up.weight", type, c.dim(), c.hiddenDim(), seed, arena));
            m.put(p + "ffn_down.weight", matrix(p + "ffn_down.weight", type, c.hiddenDim(), c.dim(), seed, arena));
        }
        m.put("output_norm.weight", ones("output_norm.weight", c.dim(), arena));
        if (!tiedOutput) {
            m.put("output.weight", matrix("output.weight", type, c.dim(), c.vocab(), seed, arena));
        }
        return m;
    }

    /** The weights of {@link #tensors}, bound and shape-checked. */
    public static LlamaWeights weights(LlamaConfig c, GgmlType type, long seed, boolean tiedOutput, Arena arena) {
        Map<String, Tensor> m = tensors(c, type, seed, tiedOutput, arena);
        try {
            return WeightsBinder.bind(c, new TensorSource() {
                @Override
                public Tensor find(String name) {
                    return m.get(name);
                }

                @Override
                public Path file() {
                    return null;
                }
            });
        } catch (ModelFormatException e) {
            throw new IllegalStateException("synthetic weights do not fit their own configuration", e);
        }
    }

    private static Tensor matrix(String name, GgmlType type, int cols, int rows, long seed, Arena arena) {
        GgmlType t = type.fitsRow(cols) ? type : GgmlType.F32;
        Tensor out = rows == 1 ? Tensor.allocate(name, t, arena, cols) : Tensor.allocate(name, t, arena, cols, rows);
        SplittableRandom rnd = new SplittableRandom(seed ^ name.hashCode() * 0x9E3779B97F4A7C15L);
        float a = (float) Math.sqrt(3.0 / cols);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < cols; i++) {
                row[i] = (float) ((rnd.nextDouble() * 2 - 1) * a);
            }
            Codec.quantizeRow(t, row, 0, cols, out.data(), r * out.rowBytes());
        }
        return out;
    }

    private static Tensor ones(String name, int n, Arena arena) {
        Tensor out = Tensor.allocate(name, GgmlType.F32, arena, n);
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        Codec.quantizeRow(GgmlType.F32, v, 0, n, out.data(), 0);
        return out;
    }
}
