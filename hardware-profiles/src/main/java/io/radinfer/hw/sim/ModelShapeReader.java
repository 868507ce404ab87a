package io.radinfer.hw.sim;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.gguf.GgufFile;
import io.radinfer.runtime.gguf.GgufTensorInfo;
import io.radinfer.runtime.llama2c.Llama2cCheckpoint;
import io.radinfer.runtime.llama2c.Llama2cConfig;
import io.radinfer.runtime.model.ModelFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the shape of a model file without loading its weights: a GGUF file (llama-family metadata and the
 * storage type of its first attention matrix) or a llama2.c checkpoint (f32).
 * <pre>{@code
 * ModelShape m = ModelShapeReader.read(Path.of("model.gguf"));
 * }</pre>
 */
public final class ModelShapeReader {
    private ModelShapeReader() {
    }

    /**
     * The shape of the model in {@code file}.
     *
     * @throws ModelFormatException if the file is neither a usable GGUF nor a llama2.c checkpoint, naming the
     *     file and the field
     * @throws IOException if it cannot be read
     */
    public static ModelShape read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (isGguf(file)) {
            try (GgufFile g = GgufFile.open(file)) {
                String arch = g.getString("general.architecture");
                int heads = g.getInt(arch + ".attention.head_count");
                GgufTensorInfo embedding = tensor(g, "token_embd.weight");
                GgufTensorInfo q = tensor(g, "blk.0.attn_q.weight");
                return shape(file, name, g.getInt(arch + ".embedding_length"), g.getInt(arch + ".feed_forward_length"),
                        g.getInt(arch + ".block_count"), heads, g.getInt(arch + ".attention.head_count_kv", heads),
                        (int) embedding.shape()[1], g.getInt(arch + ".context_length"), q.type(),
                        !g.hasTensor("output.weight"));
            }
        }
        try (Llama2cCheckpoint c = Llama2cCheckpoint.open(file)) {
            Llama2cConfig k = c.config();
            return shape(file, name, k.dim(), k.hiddenDim(), k.nLayers(), k.nHeads(), k.nKvHeads(), k.vocabSize(),
                    k.seqLen(), GgmlType.F32, k.sharedClassifier());
        }
    }

    private static ModelShape shape(Path file, String name, int dim, int hidden, int layers, int heads, int kvHeads,
            int vocab, int context, GgmlType type, boolean tied) throws ModelFormatException {
        try {
            return new ModelShape(name, dim, hidden, layers, heads, kvHeads, vocab, context, type, 4, tied);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, -1, "shape", e.getMessage());
        }
    }

    private static GgufTensorInfo tensor(GgufFile g, String name) throws ModelFormatException {
        for (GgufTensorInfo t : g.tensors()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new ModelFormatException(g.path(), -1, name, "no such tensor; radinfer simulates llama-family models");
    }

    private static boolean isGguf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return "GGUF".equals(new String(in.readNBytes(4), StandardCharsets.US_ASCII));
        }
    }
}
