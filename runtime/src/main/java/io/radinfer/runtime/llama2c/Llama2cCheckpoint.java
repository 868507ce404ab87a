package io.radinfer.runtime.llama2c;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.model.ModelFormatException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A llama2.c float checkpoint (the "version 0" format that llama2.c run.c reads), memory-mapped, with every weight
 * exposed as an F32 {@link Tensor} that is a read-only slice of the mapping (no copy), named as in GGUF llama models
 * so a model builder treats both formats the same:
 *
 * <table>
 * <caption>tensors</caption>
 * <tr><th>name</th><th>shape (ggml order)</th><th>run.c array</th></tr>
 * <tr><td>{@code token_embd.weight}</td><td>[dim, vocab]</td><td>token_embedding_table</td></tr>
 * <tr><td>{@code blk.N.attn_norm.weight}</td><td>[dim]</td><td>rms_att_weight</td></tr>
 * <tr><td>{@code blk.N.attn_q.weight}</td><td>[dim, dim]</td><td>wq</td></tr>
 * <tr><td>{@code blk.N.attn_k.weight}, {@code attn_v}</td><td>[dim, kv_dim]</td><td>wk, wv</td></tr>
 * <tr><td>{@code blk.N.attn_output.weight}</td><td>[dim, dim]</td><td>wo</td></tr>
 * <tr><td>{@code blk.N.ffn_norm.weight}</td><td>[dim]</td><td>rms_ffn_weight</td></tr>
 * <tr><td>{@code blk.N.ffn_gate.weight}</td><td>[dim, hidden]</td><td>w1</td></tr>
 * <tr><td>{@code blk.N.ffn_down.weight}</td><td>[hidden, dim]</td><td>w2</td></tr>
 * <tr><td>{@code blk.N.ffn_up.weight}</td><td>[dim, hidden]</td><td>w3</td></tr>
 * <tr><td>{@code output_norm.weight}</td><td>[dim]</td><td>rms_final_weight</td></tr>
 * <tr><td>{@code output.weight}, only if the classifier is not shared</td><td>[dim, vocab]</td><td>wcls</td></tr>
 * </table>
 *
 * <p>The file is the 28-byte header ({@link Llama2cConfig}) followed by float32 arrays in the order above, each
 * per-layer kind stored for all layers one after another ([layer][rows][cols]), with the two legacy RoPE tables
 * (seq_len * head_size / 2 floats each) between rms_final_weight and wcls, which radinfer skips. The file size must
 * be exactly what the header implies; anything else (truncation, trailing bytes, a classifier that the sign of
 * vocab_size does not announce) is a {@link ModelFormatException} that says which array and how many bytes.
 *
 * <p><b>Lifetime</b> is as for {@link io.radinfer.runtime.gguf.GgufFile}: the mapping belongs to a shared arena owned
 * by this object; {@link #close()} unmaps it and the tensors become unusable.
 *
 * <pre>{@code
 * try (Llama2cCheckpoint ckpt = Llama2cCheckpoint.open(Path.of("stories260K.bin"))) {
 *     Llama2cConfig c = ckpt.config();
 *     Tensor wq0 = ckpt.tensor("blk.0.attn_q.weight");
 * }
 * }</pre>
 */
public final class Llama2cCheckpoint implements AutoCloseable {
    private static final int HEADER_BYTES = 7 * Integer.BYTES;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** "GGUF" read as a little-endian int32, to point a GGUF file given here to the right reader. */
    private static final int GGUF_MAGIC = 0x46554747;
    private static final String[] HEADER_FIELDS = {
        "dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};

    private final Path path;
    private final Arena arena;
    private final Llama2cConfig config;
    private final Map<String, Tensor> tensors;

    private Llama2cCheckpoint(Path path, Arena arena, Llama2cConfig config, Map<String, Tensor> tensors) {
        this.path = path;
        this.arena = arena;
        this.config = config;
        this.tensors = tensors;
    }

    /**
     * Maps {@code path} read-only and checks its header and size.
     *
     * @throws ModelFormatException if the header is not sane or the file size differs from what it implies
     * @throws IOException if the file cannot be opened or mapped
     */
    public static Llama2cCheckpoint open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapping;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                mapping = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            Llama2cConfig config = readConfig(path, mapping);
            Map<String, Tensor> tensors = layOut(path, mapping, config);
            return new Llama2cCheckpoint(path, arena, config, Collections.unmodifiableMap(tensors));
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    private static Llama2cConfig readConfig(Path path, MemorySegment file) throws ModelFormatException {
        if (file.byteSize() < HEADER_BYTES) {
            throw new ModelFormatException(path, 0, "header", "the file has " + file.byteSize()
                    + " bytes, fewer than the 28-byte llama2.c header; it is truncated or not a llama2.c checkpoint");
        }
        if (file.get(I32, 0) == GGUF_MAGIC) {
            throw new ModelFormatException(path, 0, "header", "this is a GGUF file, not a llama2.c checkpoint; open it with GgufFile");
        }
        int[] h = new int[7];
        for (int i = 0; i < h.length; i++) {
            h[i] = file.get(I32, 4L * i);
            boolean ok = i == 5 ? h[i] != 0 && h[i] != Integer.MIN_VALUE : h[i] > 0;
            if (!ok) {
                throw new ModelFormatException(path, 4L * i, HEADER_FIELDS[i], "is " + h[i] + "; it must be "
                        + (i == 5 ? "non-zero (negative means an untied classifier)" : "positive"));
            }
        }
        int dim = h[0];
        int nHeads = h[3];
        int nKvHeads = h[4];
        if (dim % nHeads != 0) {
            throw new ModelFormatException(path, 12, "n_heads", "n_heads " + nHeads + " does not divide dim " + dim);
        }
        if (nHeads % nKvHeads != 0) {
            throw new ModelFormatException(path, 16, "n_kv_heads", "n_kv_heads " + nKvHeads
                    + " does not divide n_heads " + nHeads + " (grouped-query attention shares each K/V head among a whole number of query heads)");
        }
        if ((dim / nHeads) % 2 != 0) {
            throw new ModelFormatException(path, 12, "n_heads", "head size dim / n_heads = " + (dim / nHeads)
                    + " is odd; RoPE rotates pairs of values, so it must be even");
        }
        return new Llama2cConfig(dim, h[1], h[2], nHeads, nKvHeads, Math.abs(h[5]), h[6], h[5] > 0);
    }

    /** One float32 array of the file, in file order. */
    private record WeightArray(String name, long layers, long rows, long cols) {
        long floats() {
            return Math.multiplyExact(Math.multiplyExact(layers, rows), cols);
        }

        String shape() {
            return (layers > 1 ? "[" + layers + "]" : "") + (rows > 1 ? "[" + rows + "]" : "") + "[" + cols + "]";
        }
    }

    private static List<WeightArray> arrays(Llama2cConfig c, boolean shared) {
        long l = c.nLayers();
        List<WeightArray> a = new ArrayList<>(List.of(
                new WeightArray("token_embedding_table", 1, c.vocabSize(), c.dim()),
                new WeightArray("rms_att_weight", l, 1, c.dim()),
                new WeightArray("wq", l, c.dim(), c.dim()),
                new WeightArray("wk", l, c.kvDim(), c.dim()),
                new WeightArray("wv", l, c.kvDim(), c.dim()),
                new WeightArray("wo", l, c.dim(), c.dim()),
                new WeightArray("rms_ffn_weight", l, 1, c.dim()),
                new WeightArray("w1", l, c.hiddenDim(), c.dim()),
                new WeightArray("w2", l, c.dim(), c.hiddenDim()),
                new WeightArray("w3", l, c.hiddenDim(), c.dim()),
                new WeightArray("rms_final_weight", 1, 1, c.dim()),
                new WeightArray("freq_cis_real", 1, c.seqLen(), c.headSize() / 2),
                new WeightArray("freq_cis_imag", 1, c.seqLen(), c.headSize() / 2)));
        if (!shared) {
            a.add(new WeightArray("wcls", 1, c.vocabSize(), c.dim()));
        }
        return a;
    }

    private static long totalBytes(List<WeightArray> arrays) {
        long bytes = HEADER_BYTES;
        for (WeightArray a : arrays) {
            bytes = Math.addExact(bytes, Math.multiplyExact(a.floats(), Float.BYTES));
        }
        return bytes;
    }

    private static Map<String, Tensor> layOut(Path path, MemorySegment file, Llama2cConfig c) throws ModelFormatException {
        List<WeightArray> arrays = arrays(c, c.sharedClassifier());
        long size = file.byteSize();
        long expected;
        long otherLayout;
        try {
            expected = totalBytes(arrays);
            otherLayout = totalBytes(arrays(c, !c.sharedClassifier()));
        } catch (ArithmeticException e) {
            throw new ModelFormatException(path, 0, "header", "the sizes in the header need more than 2^63 bytes; "
                    + "the header is corrupt: " + c);
        }
        String tieHint = size == otherLayout
                ? "; the file has exactly the size of a checkpoint " + (c.sharedClassifier() ? "with" : "without")
                        + " a separate classifier (wcls), so the sign of vocab_size is probably wrong"
                : "";
        Map<String, Long> starts = new LinkedHashMap<>();
        long pos = HEADER_BYTES;
        for (WeightArray a : arrays) {
            long bytes = a.floats() * Float.BYTES;
            if (bytes > size - pos) {
                throw new ModelFormatException(path, pos, a.name(), "array " + a.name() + " " + a.shape()
                        + " of float32 needs bytes " + pos + " to " + (pos + bytes) + ", but the file ends at " + size
                        + " (the header implies " + expected + " bytes)" + tieHint);
            }
            starts.put(a.name(), pos);
            pos += bytes;
        }
        if (size != expected) {
            throw new ModelFormatException(path, expected, "end of file", "the file has " + (size - expected)
                    + " bytes after the last array (" + arrays.getLast().name() + "); the header implies exactly "
                    + expected + " bytes" + tieHint);
        }

        Map<String, Tensor> t = new LinkedHashMap<>();
        long dim = c.dim();
        long kv = c.kvDim();
        long hidden = c.hiddenDim();
        put(t, file, "token_embd.weight", starts.get("token_embedding_table"), dim, c.vocabSize());
        for (int layer = 0; layer < c.nLayers(); layer++) {
            String p = "blk." + layer + ".";
            put(t, file, p + "attn_norm.weight", layerStart(starts, "rms_att_weight", layer, dim), dim);
            put(t, file, p + "attn_q.weight", layerStart(starts, "wq", layer, dim * dim), dim, dim);
            put(t, file, p + "attn_k.weight", layerStart(starts, "wk", layer, kv * dim), dim, kv);
            put(t, file, p + "attn_v.weight", layerStart(starts, "wv", layer, kv * dim), dim, kv);
            put(t, file, p + "attn_output.weight", layerStart(starts, "wo", layer, dim * dim), dim, dim);
            put(t, file, p + "ffn_norm.weight", layerStart(starts, "rms_ffn_weight", layer, dim), dim);
            put(t, file, p + "ffn_gate.weight", layerStart(starts, "w1", layer, hidden * dim), dim, hidden);
            put(t, file, p + "ffn_down.weight", layerStart(starts, "w2", layer, dim * hidden), hidden, dim);
            put(t, file, p + "ffn_up.weight", layerStart(starts, "w3", layer, hidden * dim), dim, hidden);
        }
        put(t, file, "output_norm.weight", starts.get("rms_final_weight"), dim);
        if (!c.sharedClassifier()) {
            put(t, file, "output.weight", starts.get("wcls"), dim, c.vocabSize());
        }
        return t;
    }

    private static long layerStart(Map<String, Long> starts, String array, int layer, long floatsPerLayer) {
        return starts.get(array) + layer * floatsPerLayer * Float.BYTES;
    }

    private static void put(Map<String, Tensor> tensors, MemorySegment file, String name, long offset, long... shape) {
        long floats = 1;
        for (long d : shape) {
            floats *= d;
        }
        tensors.put(name, new Tensor(name, GgmlType.F32, shape, file.asSlice(offset, floats * Float.BYTES)));
    }

    /** The file this was opened from. */
    public Path path() {
        return path;
    }

    /** The checked header. */
    public Llama2cConfig config() {
        return config;
    }

    /**
     * All weights in GGUF order: token_embd, then each block's attn_norm, attn_q, attn_k, attn_v, attn_output,
     * ffn_norm, ffn_gate, ffn_down, ffn_up, then output_norm and (if untied) output. Unmodifiable.
     */
    public List<Tensor> tensors() {
        return List.copyOf(tensors.values());
    }

    /** Whether the checkpoint has a weight named {@code name}. */
    public boolean hasTensor(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The weight {@code name} (see the table above), valid until {@link #close()}.
     *
     * @throws ModelFormatException if the checkpoint has no such weight (e.g. {@code output.weight} when the
     *     classifier is shared)
     */
    public Tensor tensor(String name) throws ModelFormatException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new ModelFormatException(path, -1, "tensor '" + name + "'", "a llama2.c checkpoint has no tensor of that name"
                    + (name.equals("output.weight") ? "; its classifier is the token embedding (token_embd.weight)" : ""));
        }
        return t;
    }

    /** Unmaps the file; idempotent. Tensors from this checkpoint must not be used afterwards. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "Llama2cCheckpoint[" + path + ", " + config + "]";
    }
}
