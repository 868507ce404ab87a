package io.radinfer.runtime.convert;

import io.radinfer.kernels.quant.Codec;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.gguf.GgufArray;
import io.radinfer.runtime.gguf.GgufFile;
import io.radinfer.runtime.gguf.GgufValue;
import io.radinfer.runtime.gguf.GgufValueType;
import io.radinfer.runtime.gguf.GgufWriter;
import io.radinfer.runtime.llama2c.Llama2cCheckpoint;
import io.radinfer.runtime.llama2c.Llama2cConfig;
import io.radinfer.runtime.llama2c.Llama2cVocabulary;
import io.radinfer.runtime.model.ModelFormatException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Converts a GGUF file or a llama2.c checkpoint to a GGUF file of another type, as llama.cpp's quantizer
 * does: every matrix whose rows fit the type's block size is converted; 1-D tensors (norm weights, biases)
 * and matrices with ragged rows stay F32 (F16 when converting to F16, whose block size is 1). Metadata,
 * tokenizer included, is carried over (for llama2.c, built from the header and {@code tokenizer.bin} next
 * to the checkpoint), {@code general.file_type} is set, and the file gets radinfer's CRC32C integrity record.
 */
public final class Quantizer {
    /** Types {@link #quantize} writes. */
    public static final List<GgmlType> TYPES = List.of(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0);

    /** What was written. */
    public record Result(Path out, long bytes, int converted, int keptFloat) {
    }

    private Quantizer() {
    }

    /** llama.cpp's {@code llama_ftype} for the whole-file type. */
    static int fileType(GgmlType t) {
        return switch (t) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            default -> throw new IllegalArgumentException("radinfer does not write " + t + " files");
        };
    }

    /**
     * Converts {@code in} to {@code type} and writes {@code out} (through a temporary file, so a failed run
     * leaves no half-written model).
     *
     * @param tokenizer a llama2.c {@code tokenizer.bin}, or null to use the one next to a llama2.c checkpoint
     */
    public static Result quantize(Path in, GgmlType type, Path out, Path tokenizer) throws IOException {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("cannot quantize to " + type + "; choose one of q8_0, q4_0, f16, f32");
        }
        byte[] magic = new byte[4];
        try (FileChannel ch = FileChannel.open(in, StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(magic), 0);
        }
        GgufWriter w = new GgufWriter().withIntegrityRecord();
        int[] counts = new int[2];
        try (Arena arena = Arena.ofConfined()) {
            if (magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F') {
                try (GgufFile g = GgufFile.open(in)) {
                    for (Map.Entry<String, GgufValue> e : g.metadata().entrySet()) {
                        String k = e.getKey();
                        if (!k.equals("general.alignment") && !k.equals("general.file_type") && !k.startsWith("radinfer.integrity.")) {
                            w.put(k, e.getValue());
                        }
                    }
                    w.put("general.file_type", new GgufValue.Int(GgufValueType.UINT32, fileType(type)));
                    for (var info : g.tensors()) {
                        add(w, g.tensor(info.name()), type, arena, counts);
                    }
                    return write(w, out, counts);
                }
            }
            try (Llama2cCheckpoint ck = Llama2cCheckpoint.open(in)) {
                putLlama2cMetadata(w, ck.config(), in, type);
                Path tok = tokenizer != null ? tokenizer : in.resolveSibling("tokenizer.bin");
                if (tokenizer != null || Files.isRegularFile(tok)) {
                    putVocabulary(w, Llama2cVocabulary.read(tok, ck.config().vocabSize()));
                }
                for (Tensor t : ck.tensors()) {
                    add(w, t, type, arena, counts);
                }
                return write(w, out, counts);
            }
        }
    }

    private static Result write(GgufWriter w, Path out, int[] counts) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try {
            long bytes = w.write(tmp);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(out, bytes, counts[0], counts[1]);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void add(GgufWriter w, Tensor t, GgmlType type, Arena arena, int[] counts) {
        boolean matrix = t.dims() >= 2;
        GgmlType to = matrix && type.fitsRow(t.cols()) ? type : (type == GgmlType.F16 && matrix ? GgmlType.F16 : GgmlType.F32);
        counts[to == type ? 0 : 1]++;
        if (to == t.type()) {
            w.addTensor(t);
            return;
        }
        Tensor o = Tensor.allocate(t.name(), to, arena, t.shape());
        float[] row = new float[t.cols()];
        for (int r = 0; r < t.rows(); r++) {
            Codec.dequantizeRow(t.type(), t.data(), r * t.rowBytes(), row, 0, row.length);
            Codec.quantizeRow(to, row, 0, row.length, o.data(), r * o.rowBytes());
        }
        w.addTensor(o);
    }

    private static void putLlama2cMetadata(GgufWriter w, Llama2cConfig c, Path in, GgmlType type) {
        w.put("general.architecture", new GgufValue.Text("llama"));
        w.put("general.name", new GgufValue.Text(in.getFileName().toString().replaceFirst("\\.bin$", "")));
        w.put("general.file_type", new GgufValue.Int(GgufValueType.UINT32, fileType(type)));
        w.put("llama.context_length", u32(c.seqLen()));
        w.put("llama.embedding_length", u32(c.dim()));
        w.put("llama.feed_forward_length", u32(c.hiddenDim()));
        w.put("llama.block_count", u32(c.nLayers()));
        w.put("llama.attention.head_count", u32(c.nHeads()));
        w.put("llama.attention.head_count_kv", u32(c.nKvHeads()));
        w.put("llama.rope.dimension_count", u32(c.headSize()));
        w.put("llama.attention.layer_norm_rms_epsilon", new GgufValue.Real(GgufValueType.FLOAT32, 1e-5));
        w.put("llama.rope.freq_base", new GgufValue.Real(GgufValueType.FLOAT32, 10000));
    }

    /**
     * A llama2.c vocabulary as a GGUF llama (SentencePiece) vocabulary: spaces as U+2581, {@code <unk>},
     * BOS and EOS as ids 0, 1, 2, byte tokens {@code <0xXX>} typed as bytes.
     */
    private static void putVocabulary(GgufWriter w, Llama2cVocabulary v) throws ModelFormatException {
        int n = v.size();
        String[] tokens = new String[n];
        long[] types = new long[n];
        for (int i = 0; i < n; i++) {
            String s = new String(v.tokenBytes(i), StandardCharsets.UTF_8).replace(' ', '\u2581');
            tokens[i] = s;
            types[i] = i == 0 ? 2 : i <= 2 ? 3 : s.matches("<0x[0-9A-F]{2}>") ? 6 : 1;
        }
        w.put("tokenizer.ggml.model", new GgufValue.Text("llama"));
        w.put("tokenizer.ggml.tokens", GgufArray.ofStrings(tokens));
        w.put("tokenizer.ggml.scores", GgufArray.ofFloat32(v.scores()));
        w.put("tokenizer.ggml.token_type", GgufArray.ofIntegers(GgufValueType.INT32, types));
        w.put("tokenizer.ggml.bos_token_id", u32(1));
        w.put("tokenizer.ggml.eos_token_id", u32(2));
        w.put("tokenizer.ggml.unknown_token_id", u32(0));
        // llama2.c's encoder adds the leading space itself (" " + text), as SentencePiece's add_dummy_prefix
        w.put("tokenizer.ggml.add_space_prefix", new GgufValue.Bool(true));
    }

    private static GgufValue u32(long v) {
        return new GgufValue.Int(GgufValueType.UINT32, v);
    }
}
