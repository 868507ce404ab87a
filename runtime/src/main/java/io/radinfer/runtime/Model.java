package io.radinfer.runtime;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.LlamaWeights;

import java.nio.file.Path;

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
    private final int bos;
    private final int eos;
    private final Kernels kernels;
    private final AutoCloseable resources;

    Model(Path source, String format, LlamaConfig config, LlamaWeights weights, int bos, int eos,
            AutoCloseable resources) {
        this.source = source;
        this.format = format;
        this.config = config;
        this.weights = weights;
        this.bos = bos;
        this.eos = eos;
        this.kernels = new ScalarKernels();
        this.resources = resources;
    }

    /**
     * A model from weights already in memory (e.g. {@link io.radinfer.runtime.model.SyntheticModel}), with
     * no tokenizer and no file behind it; {@code onClose} releases their memory when the model is closed.
     */
    public static Model fromWeights(LlamaConfig config, LlamaWeights weights, int bos, int eos, AutoCloseable onClose) {
        return new Model(null, "memory", config, weights, bos, eos, onClose);
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

    /** Opens a session with its own KV cache and worker threads. */
    public Session newSession(SessionOptions options) {
        return new Session(this, options);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing model " + source + ": " + e.getMessage(), e);
        }
    }
}
