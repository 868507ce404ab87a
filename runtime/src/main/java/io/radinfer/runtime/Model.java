package io.radinfer.runtime;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.LlamaWeights;
import io.radinfer.runtime.protect.GoldenCopy;
import io.radinfer.runtime.protect.ProtectedOps;
import io.radinfer.runtime.protect.TensorChecksums;
import io.radinfer.runtime.protect.WeightScrubber;

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
    private final int bos;
    private final int eos;
    private final Kernels kernels;
    private final AutoCloseable resources;
    private final GoldenCopy golden;
    private Map<Tensor, TensorChecksums> checksums;
    private WeightScrubber scrubber;
    private Arena goldenArena;

    /**
     * @param golden where the scrubber restores weights from, aligned with {@code weights.matrices()}; {@code
     *     null} keeps a second copy in memory when scrubbing is first needed
     */
    Model(Path source, String format, LlamaConfig config, LlamaWeights weights, int bos, int eos,
            AutoCloseable resources, GoldenCopy golden) {
        this.source = source;
        this.format = format;
        this.config = config;
        this.weights = weights;
        this.bos = bos;
        this.eos = eos;
        this.kernels = new ScalarKernels();
        this.resources = resources;
        this.golden = golden;
    }

    /**
     * A model from weights already in memory (e.g. {@link io.radinfer.runtime.model.SyntheticModel}), with
     * no tokenizer and no file behind it; {@code onClose} releases their memory when the model is closed.
     */
    public static Model fromWeights(LlamaConfig config, LlamaWeights weights, int bos, int eos, AutoCloseable onClose) {
        return new Model(null, "memory", config, weights, bos, eos, onClose, null);
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
