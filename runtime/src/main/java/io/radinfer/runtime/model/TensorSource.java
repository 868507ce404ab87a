package io.radinfer.runtime.model;

import io.radinfer.kernels.tensor.Tensor;

import java.nio.file.Path;

/** Weights by GGUF tensor name ({@code blk.0.attn_q.weight}, ...), from a file or from memory. */
public interface TensorSource {
    /** The tensor called {@code name}, or {@code null} if there is none. */
    Tensor find(String name) throws ModelFormatException;

    /** The file the tensors come from, for error messages ({@code null} for in-memory weights). */
    Path file();
}
