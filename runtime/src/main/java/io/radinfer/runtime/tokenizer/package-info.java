/**
 * Text to token ids and back: {@link io.radinfer.runtime.tokenizer.SentencePieceBpe} for llama-style
 * vocabularies (GGUF {@code tokenizer.ggml.model = llama} and llama2.c {@code tokenizer.bin}) and
 * {@link io.radinfer.runtime.tokenizer.Gpt2Bpe} for byte-level BPE vocabularies (GGUF
 * {@code tokenizer.ggml.model = gpt2}: SmolLM2, Qwen2, Llama 3), both behind
 * {@link io.radinfer.runtime.tokenizer.Tokenizer}.
 *
 * <p>Tokenizers take the vocabulary as in-memory arrays, so any file reader can feed them; they do no I/O.
 * Generated tokens are turned into text incrementally by a {@link io.radinfer.runtime.tokenizer.TokenDecoder},
 * which holds back UTF-8 sequences split across tokens.
 */
package io.radinfer.runtime.tokenizer;
