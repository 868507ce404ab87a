package io.radinfer.runtime.tokenizer;

import io.radinfer.runtime.model.ModelFormatException;
import java.nio.file.Path;

/**
 * The token types of GGUF's {@code tokenizer.ggml.token_type} array (llama.cpp's {@code llama_token_type},
 * which follows SentencePiece's piece types): what a token is, and hence how it is decoded and whether it
 * is matched whole in input text.
 */
enum TokenType {
    UNDEFINED, NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

    static final String FIELD = "tokenizer.ggml.token_type";

    /**
     * Converts the GGUF codes 0..6; a null array (the key is optional in GGUF) means every token is normal.
     */
    static TokenType[] fromGguf(Path source, int[] codes, int vocab) throws ModelFormatException {
        TokenType[] types = new TokenType[vocab];
        if (codes == null) {
            java.util.Arrays.fill(types, NORMAL);
            return types;
        }
        VocabularyCheck.length(source, FIELD, codes.length, vocab);
        TokenType[] all = values();
        for (int i = 0; i < vocab; i++) {
            if (codes[i] < 0 || codes[i] >= all.length) {
                throw new ModelFormatException(source, -1, FIELD + "[" + i + "]",
                        "token type " + codes[i] + " is not one of 0..6 (undefined, normal, unknown, control, "
                                + "user-defined, unused, byte); the vocabulary is corrupt or from a newer format");
            }
            types[i] = all[codes[i]];
        }
        return types;
    }
}
