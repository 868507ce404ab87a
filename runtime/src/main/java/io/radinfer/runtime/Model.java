package io.radinfer.runtime;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.LlamaWeights;
import io.radinfer.runtime.protect.GoldenCopy;
import io.radinfer.runtime.protect.ProtectedOps;
import io.radinfer.runtime.protect.TensorChecksums;
import io.radinfer.runtime.protect.WeightScrubber;
import io.radinfer.runtime.tokenizer.Tokenizer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A loaded model: its configuration, weights (memory-mapped read-only from the file) and tokenizer. Thread-safe
 * and immutable; open one {@link Session} per conversation with {@link #newSession}. Closing the model unmaps
 * the file, so close its sessions first.
 */
public final class Model implements AutoCloseable {
    private final Path source;
    private final String format;
    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final Tokenizer tokenizer;
    private final int bos;
    private final int eos;
    private final boolean addBos;
    private final String weightsMemory;
    private final Kernels kernels;
    private final AutoCloseable resources;
    private final GoldenCopy golden;
    private Map<Tensor, TensorChecksums> checksums;
    private WeightScrubber scrubber;
    private Arena goldenArena;

    /**
     * @param golden where the scrubber restores weights from, aligned with {@code weights.matrices()}; {@code
     *     null} keeps a second copy in memory when scrubbing is first needed
     * @param kernels the kernels sessions compute with (see {@link KernelChoice})
     */
    Model(Path source, String format, LlamaConfig config, LlamaWeights weights, Tokenizer tokenizer, int bos,
            int eos, boolean addBos, AutoCloseable resources, GoldenCopy golden, String weightsMemory,
            Kernels kernels) {
        this.source = source;
        this.format = format;
        this.config = config;
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.bos = bos;
        this.eos = eos;
        this.addBos = addBos;
        this.weightsMemory = weightsMemory;
        this.kernels = kernels;
        this.resources = resources;
        this.golden = golden;
    }

    /**
     * A model from weights already in memory (e.g. {@link io.radinfer.runtime.model.SyntheticModel}), with
     * no tokenizer and no file behind it; {@code onClose} releases their memory when the model is closed.
     * Computes with {@link io.radinfer.kernels.ops.KernelProvider#kernels()} ({@link KernelChoice#AUTO}).
     */
    public static Model fromWeights(LlamaConfig config, LlamaWeights weights, int bos, int eos, AutoCloseable onClose) {
        return fromWeights(config, weights, bos, eos, onClose, KernelChoice.AUTO);
    }

    /** {@link #fromWeights(LlamaConfig, LlamaWeights, int, int, AutoCloseable)} with a choice of kernels. */
    public static Model fromWeights(LlamaConfig config, LlamaWeights weights, int bos, int eos, AutoCloseable onClose,
            KernelChoice kernels) {
        return new Model(null, "memory", config, weights, null, bos, eos, true, onClose, null, "caller's memory",
                kernels.kernelsFor("memory"));
    }

    /**
     * Loads a GGUF file ({@code llama} or {@code qwen2} architecture) or a llama2.c checkpoint, recognised by
     * its first bytes. The weights are not copied: see {@link #weightsMemory()}.
     *
     * @throws ModelFormatException if the file is not a model radinfer can run; the message names the
     *     file, byte offset and field
     */
    public static Model load(Path path) throws java.io.IOException {
        return ModelLoader.load(path, LoadOptions.defaults());
    }

    /** {@link #load(Path)} with options (a llama2.c tokenizer file, the GGUF integrity check). */
    public static Model load(Path path, LoadOptions options) throws java.io.IOException {
        return ModelLoader.load(path, options);
    }

    /** The model's tokenizer, or {@code null} (a llama2.c checkpoint without {@code tokenizer.bin}). */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** Whether prompts start with BOS ({@code tokenizer.ggml.add_bos_token}). */
    public boolean addBos() {
        return addBos;
    }

    /**
     * Where the weights the model computes with live: {@code copy-on-write mapping} of the file (no copy;
     * written pages become private), {@code in-memory copy} (the file could not be opened for writing), or
     * {@code caller's memory} for {@link #fromWeights}.
     */
    public String weightsMemory() {
        return weightsMemory;
    }

    /** Bytes of all weight matrices. */
    public long weightBytes() {
        long s = 0;
        for (Tensor t : weights.matrices()) {
            s += t.byteSize();
        }
        return s;
    }

    /** The file the model was loaded from ({@code null} for in-memory weights). */
    public Path source() {
        return source;
    }

    /** {@code gguf}, {@code llama2c} or {@code memory}. */
    public String format() {
        return format;
    }

    public LlamaConfig config() {
        return config;
    }

    public LlamaWeights weights() {
        return weights;
    }

    /** Beginning-of-sequence token id. */
    public int bos() {
        return bos;
    }

    /** End-of-sequence token id, or -1 if the model has none. */
    public int eos() {
        return eos;
    }

    /** The kernels sessions of this model run on. */
    public Kernels kernels() {
        return kernels;
    }

    /**
     * The column checksums of every weight matrix, for the CHECKSUM, DMR and TMR modes: computed on first
     * use (one pass over the weights), then shared by all sessions.
     */
    public synchronized Map<Tensor, TensorChecksums> checksums() {
        if (checksums == null) {
            checksums = ProtectedOps.checksumsOf(weights);
        }
        return checksums;
    }

    /**
     * The weight scrubber: CRCs recorded on first use (the weights are taken as good then), repairs from the
     * model file, or from a second in-memory copy made now for models without a file.
     */
    public synchronized WeightScrubber scrubber() {
        if (scrubber == null) {
            List<Tensor> ts = weights.matrices();
            GoldenCopy g = golden;
            if (g == null) {
                goldenArena = Arena.ofShared();
                List<MemorySegment> copies = new ArrayList<>(ts.size());
                for (Tensor t : ts) {
                    copies.add(goldenArena.allocate(t.byteSize(), 64).copyFrom(t.data()));
                }
                g = GoldenCopy.ofMemory(copies);
            }
            scrubber = new WeightScrubber(ts, g);
        }
        return scrubber;
    }

    /** Opens a session with its own KV cache and worker threads. */
    public Session newSession(SessionOptions options) {
        return new Session(this, options);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (scrubber != null) {
                scrubber.close();
            }
            if (goldenArena != null) {
                goldenArena.close();
            }
        }
        try {
            resources.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing model " + source + ": " + e.getMessage(), e);
        }
    }
}
