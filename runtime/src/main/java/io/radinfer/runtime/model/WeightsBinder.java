package io.radinfer.runtime.model;

import io.radinfer.kernels.quant.Codec;
import io.radinfer.kernels.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds a llama-family model's weights by their GGUF names and checks every shape against the
 * configuration, so a file whose tensors do not fit its metadata fails at load with the tensor named,
 * not with an index error in the middle of a forward pass.
 */
public final class WeightsBinder {
    private WeightsBinder() {
    }

    public static LlamaWeights bind(LlamaConfig c, TensorSource src) throws ModelFormatException {
        int dim = c.dim();
        int kv = c.kvDim();
        int hidden = c.hiddenDim();
        Tensor embd = matrix(src, "token_embd.weight", dim, c.vocab());
        List<LayerWeights> layers = new ArrayList<>(Math.min(c.layers(), 1024)); // the count comes from the file
        for (int l = 0; l < c.layers(); l++) {
            String p = "blk." + l + ".";
            layers.add(new LayerWeights(
                    vector(src, p + "attn_norm.weight", dim, true),
                    matrix(src, p + "attn_q.weight", dim, dim),
                    matrix(src, p + "attn_k.weight", dim, kv),
                    matrix(src, p + "attn_v.weight", dim, kv),
                    matrix(src, p + "attn_output.weight", dim, dim),
                    c.qkvBias() ? vector(src, p + "attn_q.bias", dim, true) : null,
                    c.qkvBias() ? vector(src, p + "attn_k.bias", kv, true) : null,
                    c.qkvBias() ? vector(src, p + "attn_v.bias", kv, true) : null,
                    vector(src, p + "ffn_norm.weight", dim, true),
                    matrix(src, p + "ffn_gate.weight", dim, hidden),
                    matrix(src, p + "ffn_up.weight", dim, hidden),
                    matrix(src, p + "ffn_down.weight", hidden, dim)));
        }
        float[] outNorm = vector(src, "output_norm.weight", dim, true);
        Tensor output = src.find("output.weight") == null ? embd : matrix(src, "output.weight", dim, c.vocab());
        return new LlamaWeights(embd, List.copyOf(layers), outNorm, output);
    }

    private static Tensor matrix(TensorSource src, String name, int cols, int rows) throws ModelFormatException {
        Tensor t = src.find(name);
        if (t == null) {
            throw new ModelFormatException(src.file(), -1, name, "the model has no tensor '" + name + "'");
        }
        long[] s = t.shape();
        boolean ok = t.cols() == cols && t.elementCount() == (long) cols * rows && (s.length == 2 || s.length == 1 && rows == 1);
        if (!ok) {
            throw new ModelFormatException(src.file(), -1, name, "tensor '" + name + "' has shape " + Arrays.toString(s)
                    + ", the model configuration needs [" + cols + ", " + rows + "]");
        }
        return t;
    }

    private static float[] vector(TensorSource src, String name, int n, boolean required) throws ModelFormatException {
        Tensor t = src.find(name);
        if (t == null) {
            throw new ModelFormatException(src.file(), -1, name, "the model has no tensor '" + name + "'");
        }
        if (t.elementCount() != n) {
            throw new ModelFormatException(src.file(), -1, name, "tensor '" + name + "' has " + t.elementCount()
                    + " values, the model configuration needs " + n);
        }
        float[] v = new float[n];
        Codec.dequantizeRow(t.type(), t.data(), 0, v, 0, n);
        return v;
    }
}
