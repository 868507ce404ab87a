/**
 * Reading llama2.c files: the float32 checkpoint that llama2.c run.c runs
 * ({@link io.radinfer.runtime.llama2c.Llama2cCheckpoint}, weights named as in GGUF llama models) and its
 * {@code tokenizer.bin} ({@link io.radinfer.runtime.llama2c.Llama2cVocabulary}). Both are checked as untrusted
 * input: header values, every length, and the exact file size, with a
 * {@link io.radinfer.runtime.model.ModelFormatException} naming the field or array and the byte offset.
 */
package io.radinfer.runtime.llama2c;
