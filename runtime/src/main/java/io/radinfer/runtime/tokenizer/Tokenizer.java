package io.radinfer.runtime.tokenizer;

/**
 * Converts text to token ids and token ids back to text for one model vocabulary. Implementations are
 * immutable and thread-safe; each {@link TokenDecoder} belongs to one stream of tokens.
 *
 * <pre>{@code
 * int[] prompt = tokenizer.encode("Once upon a time", true, false);
 * TokenDecoder decoder = tokenizer.newDecoder();
 * StringBuilder text = new StringBuilder();
 * for (int id : prompt) {
 *     decoder.next(id, text);
 * }
 * decoder.flush(text);   // "Once upon a time"
 * }</pre>
 */
public interface Tokenizer {

    /**
     * Encodes text. Characters that are not UTF-16-valid (unpaired surrogates) are encoded as U+FFFD.
     *
     * @param addBos prepend {@link #bos()}
     * @param addEos append {@link #eos()}
     * @throws IllegalArgumentException if {@code addBos} or {@code addEos} is asked for but the vocabulary
     *     has no such token
     */
    int[] encode(String text, boolean addBos, boolean addEos);

    /** Number of token ids; valid ids are {@code 0 .. vocabSize() - 1}. */
    int vocabSize();

    /** The begin-of-sequence token id, or -1 if the vocabulary has none. */
    int bos();

    /** The end-of-sequence token id, or -1 if the vocabulary has none. */
    int eos();

    /**
     * The vocabulary entry of a token as stored (for display and debugging: {@code "▁Once"},
     * {@code "<0xE2>"}, {@code "Ġworld"}, {@code "<|im_start|>"}), not the text it decodes to.
     *
     * @throws IllegalArgumentException if the id is out of range
     */
    String tokenText(int id);

    /** A fresh streaming decoder, positioned at the start of a sequence. */
    TokenDecoder newDecoder();

    /** Decodes a whole sequence: {@link #newDecoder()}, every id, then {@link TokenDecoder#flush()}. */
    default String decode(int[] ids) {
        TokenDecoder decoder = newDecoder();
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            decoder.next(id, out);
        }
        decoder.flush(out);
        return out.toString();
    }
}
