package io.radinfer.runtime;

import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.gguf.GgufFile;
import io.radinfer.runtime.gguf.GgufTensorInfo;
import io.radinfer.runtime.llama2c.Llama2cCheckpoint;
import io.radinfer.runtime.llama2c.Llama2cConfig;
import io.radinfer.runtime.llama2c.Llama2cVocabulary;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.LlamaWeights;
import io.radinfer.runtime.model.ModelFormatException;
import io.radinfer.runtime.model.TensorSource;
import io.radinfer.runtime.model.WeightsBinder;
import io.radinfer.runtime.protect.GoldenCopy;
import io.radinfer.runtime.tokenizer.Gpt2Bpe;
import io.radinfer.runtime.tokenizer.SentencePieceBpe;
import io.radinfer.runtime.tokenizer.Tokenizer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads GGUF files and llama2.c checkpoints into a {@link Model}.
 *
 * <p>The weights the model computes with are a <em>copy-on-write</em> mapping of the file: no copy is made at
 * load, pages are shared with the page cache until something writes them (the scrubber's repairs, a fault
 * injector), and the file itself is never written, so it stays the golden copy the scrubber restores from.
 * Where the file cannot be opened for writing (a read-only medium), the weights are copied into memory
 * instead, and the model says so in its description.
 */
final class ModelLoader {
    static final String[] ARCHITECTURES = {"llama", "qwen2"};

    private ModelLoader() {
    }

    static Model load(Path path, LoadOptions opts) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new ModelFormatException(path, -1, null, "no such model file (expected a .gguf file or a llama2.c .bin checkpoint)");
        }
        byte[] magic = new byte[4];
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(magic), 0);
        }
        boolean gguf = magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F';
        return gguf ? loadGguf(path, opts) : loadLlama2c(path, opts);
    }

    private static Model loadGguf(Path path, LoadOptions opts) throws IOException {
        Arena arena = Arena.ofShared();
        try (GgufFile g = GgufFile.open(path, opts.integrity())) {
            String arch = g.getString("general.architecture");
            if (!List.of(ARCHITECTURES).contains(arch)) {
                throw new ModelFormatException(path, -1, "general.architecture", "architecture '" + arch
                        + "' is not supported; radinfer runs " + String.join(", ", ARCHITECTURES)
                        + " (llama also covers SmolLM, TinyLlama and Mistral-style files)");
            }
            GgufTensorInfo embd = info(g, "token_embd.weight");
            int heads = g.getInt(arch + ".attention.head_count");
            LlamaConfig config = config(path, arch + ".*", () -> new LlamaConfig(arch,
                    g.getInt(arch + ".embedding_length"),
                    g.getInt(arch + ".feed_forward_length"),
                    g.getInt(arch + ".block_count"),
                    heads,
                    g.getInt(arch + ".attention.head_count_kv", heads),
                    Math.toIntExact(embd.shape().length > 1 ? embd.shape()[1] : 1),
                    g.getInt(arch + ".context_length", 2048),
                    g.getFloat(arch + ".attention.layer_norm_rms_epsilon", 1e-5f),
                    g.getFloat(arch + ".rope.freq_base", 10000f),
                    arch.equals("qwen2") ? RopeLayout.NEOX : RopeLayout.ADJACENT,
                    g.hasTensor("blk.0.attn_q.bias")));
            MemorySegment working = writableCopy(path, arena);
            Map<String, GgufTensorInfo> infos = new HashMap<>();
            for (GgufTensorInfo t : g.tensors()) {
                infos.put(t.name(), t);
            }
            Map<Tensor, Long> offsets = new IdentityHashMap<>();
            LlamaWeights weights = WeightsBinder.bind(config, new TensorSource() {
                @Override
                public Tensor find(String name) {
                    GgufTensorInfo t = infos.get(name);
                    if (t == null) {
                        return null;
                    }
                    Tensor tensor = new Tensor(name, t.type(), t.shape(), working.asSlice(t.offset(), t.byteSize()));
                    offsets.put(tensor, t.offset());
                    return tensor;
                }

                @Override
                public Path file() {
                    return path;
                }
            });
            Tokenizer tok = ggufTokenizer(g, path);
            int bos = g.getInt("tokenizer.ggml.bos_token_id", tok != null ? tok.bos() : 1);
            int eos = g.getInt("tokenizer.ggml.eos_token_id", tok != null ? tok.eos() : -1);
            boolean addBos = g.getBoolean("tokenizer.ggml.add_bos_token", "llama".equals(g.has("tokenizer.ggml.model")
                    ? g.getString("tokenizer.ggml.model") : "llama"));
            return new Model(path, "gguf", config, weights, tok, bos, eos, addBos, arena::close,
                    golden(path, weights, offsets), working.isMapped() ? "copy-on-write mapping" : "in-memory copy",
                    opts.kernels().kernelsFor("gguf"));
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    private static GgufTensorInfo info(GgufFile g, String name) throws ModelFormatException {
        for (GgufTensorInfo t : g.tensors()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new ModelFormatException(g.path(), -1, name, "the model has no tensor '" + name + "'");
    }

    private static Tokenizer ggufTokenizer(GgufFile g, Path path) throws ModelFormatException {
        if (!g.has("tokenizer.ggml.model")) {
            return null;
        }
        String kind = g.getString("tokenizer.ggml.model");
        String[] tokens = g.getStringArray("tokenizer.ggml.tokens");
        int[] types = g.has("tokenizer.ggml.token_type") ? g.getIntArray("tokenizer.ggml.token_type") : null;
        int bos = g.getInt("tokenizer.ggml.bos_token_id", -1);
        int eos = g.getInt("tokenizer.ggml.eos_token_id", -1);
        return switch (kind) {
            case "llama" -> SentencePieceBpe.fromGguf(path, tokens,
                    g.has("tokenizer.ggml.scores") ? g.getFloatArray("tokenizer.ggml.scores") : new float[tokens.length], types, bos, eos,
                    g.getInt("tokenizer.ggml.unknown_token_id", 0), g.getBoolean("tokenizer.ggml.add_space_prefix", true));
            case "gpt2" -> Gpt2Bpe.fromGguf(path, tokens, g.getStringArray("tokenizer.ggml.merges"), types, bos, eos,
                    g.has("tokenizer.ggml.pre") ? g.getString("tokenizer.ggml.pre") : "default");
            default -> throw new ModelFormatException(path, -1, "tokenizer.ggml.model", "tokenizer '" + kind
                    + "' is not supported; radinfer reads llama (SentencePiece BPE) and gpt2 (byte-level BPE) vocabularies");
        };
    }

    private static Model loadLlama2c(Path path, LoadOptions opts) throws IOException {
        Arena arena = Arena.ofShared();
        try (Llama2cCheckpoint ck = Llama2cCheckpoint.open(path)) {
            Llama2cConfig lc = ck.config();
            LlamaConfig config = config(path, "header", () -> new LlamaConfig("llama", lc.dim(), lc.hiddenDim(),
                    lc.nLayers(), lc.nHeads(), lc.nKvHeads(), lc.vocabSize(), lc.seqLen(), 1e-5f, 10000f,
                    RopeLayout.ADJACENT, false));
            MemorySegment working = writableCopy(path, arena);
            Map<Tensor, Long> offsets = new IdentityHashMap<>();
            long base = ck.tensor("token_embd.weight").data().address() - 28;
            LlamaWeights weights = WeightsBinder.bind(config, new TensorSource() {
                @Override
                public Tensor find(String name) throws ModelFormatException {
                    if (!ck.hasTensor(name)) {
                        return null;
                    }
                    Tensor t = ck.tensor(name);
                    long off = t.data().address() - base;
                    Tensor w = t.withData(working.asSlice(off, t.byteSize()));
                    offsets.put(w, off);
                    return w;
                }

                @Override
                public Path file() {
                    return path;
                }
            });
            Path tokPath = opts.tokenizer() != null ? opts.tokenizer() : path.resolveSibling("tokenizer.bin");
            Tokenizer tok = null;
            if (opts.tokenizer() != null || Files.isRegularFile(tokPath)) {
                Llama2cVocabulary v = Llama2cVocabulary.read(tokPath, lc.vocabSize());
                byte[][] bytes = new byte[v.size()][];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = v.tokenBytes(i);
                }
                tok = SentencePieceBpe.fromLlama2c(tokPath, bytes, v.scores(), v.maxTokenLength());
            }
            // llama2.c: BOS = 1, EOS = 2 (run.c stops on BOS)
            return new Model(path, "llama2c", config, weights, tok, 1, 2, true, arena::close,
                    golden(path, weights, offsets), working.isMapped() ? "copy-on-write mapping" : "in-memory copy",
                    opts.kernels().kernelsFor("llama2c"));
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    private interface ConfigMaker {
        LlamaConfig make() throws ModelFormatException;
    }

    private static LlamaConfig config(Path path, String field, ConfigMaker m) throws ModelFormatException {
        try {
            return m.make();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(path, -1, field, e.getMessage());
        }
    }

    private static GoldenCopy golden(Path path, LlamaWeights w, Map<Tensor, Long> offsets) {
        List<Tensor> ts = w.matrices();
        long[] offs = new long[ts.size()];
        for (int i = 0; i < offs.length; i++) {
            offs[i] = offsets.get(ts.get(i));
        }
        return GoldenCopy.ofFile(path, offs);
    }

    /**
     * The whole file as writable memory: a private (copy-on-write) mapping, or, where the file cannot be
     * opened for writing, a copy in {@code arena}.
     */
    private static MemorySegment writableCopy(Path path, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.PRIVATE, 0, ch.size(), arena);
        } catch (AccessDeniedException | java.nio.channels.NonWritableChannelException e) {
            return copy(path, arena);
        } catch (FileSystemException e) {
            // read-only file system and friends
            return copy(path, arena);
        }
    }

    private static MemorySegment copy(Path path, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment seg = arena.allocate(size, 64);
            long pos = 0;
            while (pos < size) {
                int n = (int) Math.min(1 << 26, size - pos);
                ByteBuffer buf = seg.asSlice(pos, n).asByteBuffer();
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) < 0) {
                        throw new IOException(path + ": file shrank while being read, at byte " + (pos + buf.position()));
                    }
                }
                pos += n;
            }
            return seg;
        }
    }
}
