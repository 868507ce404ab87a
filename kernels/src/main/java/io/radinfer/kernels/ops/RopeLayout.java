package io.radinfer.kernels.ops;

/** Which pairs of a head's values RoPE rotates together. */
public enum RopeLayout {
    /** Adjacent pairs {@code (2i, 2i+1)}: llama2.c {@code run.c}, and GGUF {@code llama} files (ggml's "normal" mode). */
    ADJACENT,
    /** Halves {@code (i, i + headSize/2)}: GPT-NeoX style, used by GGUF {@code qwen2} files (ggml's NEOX mode). */
    NEOX
}
