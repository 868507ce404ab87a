package io.radinfer.runtime;

import io.radinfer.runtime.gguf.IntegrityCheck;

import java.nio.file.Path;

/**
 * How {@link Model#load(Path, LoadOptions)} reads a model.
 *
 * @param tokenizer a llama2.c {@code tokenizer.bin} for llama2.c checkpoints, or {@code null} to use
 *     {@code tokenizer.bin} next to the checkpoint when there is one (GGUF files carry their own tokenizer)
 * @param integrity whether to verify GGUF tensor data against the file's CRC32C integrity record
 */
public record LoadOptions(Path tokenizer, IntegrityCheck integrity) {

    public LoadOptions {
        if (integrity == null) {
            throw new IllegalArgumentException("integrity check must not be null (use IntegrityCheck.NONE)");
        }
    }

    /** No explicit tokenizer; verify the integrity record when the file has one. */
    public static LoadOptions defaults() {
        return new LoadOptions(null, IntegrityCheck.IF_PRESENT);
    }

    public LoadOptions withTokenizer(Path p) {
        return new LoadOptions(p, integrity);
    }

    public LoadOptions withIntegrity(IntegrityCheck c) {
        return new LoadOptions(tokenizer, c);
    }
}
