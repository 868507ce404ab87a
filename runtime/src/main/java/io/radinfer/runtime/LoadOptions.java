package io.radinfer.runtime;

import io.radinfer.runtime.gguf.IntegrityCheck;

import java.nio.file.Path;

/**
 * How {@link Model#load(Path, LoadOptions)} reads a model.
 *
 * @param tokenizer a llama2.c {@code tokenizer.bin} for llama2.c checkpoints, or {@code null} to use
 *     {@code tokenizer.bin} next to the checkpoint when there is one (GGUF files carry their own tokenizer)
 * @param integrity whether to verify GGUF tensor data against the file's CRC32C integrity record
 * @param kernels which kernels the model computes with; {@link KernelChoice#AUTO} by default: the Vector API
 *     kernels for GGUF files, the scalar (run.c-exact) kernels for llama2.c checkpoints
 */
public record LoadOptions(Path tokenizer, IntegrityCheck integrity, KernelChoice kernels) {

    public LoadOptions {
        if (integrity == null) {
            throw new IllegalArgumentException("integrity check must not be null (use IntegrityCheck.NONE)");
        }
        if (kernels == null) {
            throw new IllegalArgumentException("kernel choice must not be null (use KernelChoice.AUTO)");
        }
    }

    /** No explicit tokenizer; verify the integrity record when the file has one; {@link KernelChoice#AUTO}. */
    public static LoadOptions defaults() {
        return new LoadOptions(null, IntegrityCheck.IF_PRESENT, KernelChoice.AUTO);
    }

    public LoadOptions withTokenizer(Path p) {
        return new LoadOptions(p, integrity, kernels);
    }

    public LoadOptions withIntegrity(IntegrityCheck c) {
        return new LoadOptions(tokenizer, c, kernels);
    }

    public LoadOptions withKernels(KernelChoice k) {
        return new LoadOptions(tokenizer, integrity, k);
    }
}
