package io.radinfer.runtime.tokenizer;

import io.radinfer.runtime.model.ModelFormatException;
import java.nio.file.Path;

/** The consistency checks every vocabulary gets before a tokenizer is built from it. */
final class VocabularyCheck {
    private VocabularyCheck() {
    }

    static void length(Path source, String field, int actual, int vocab) throws ModelFormatException {
        if (actual != vocab) {
            throw new ModelFormatException(source, -1, field, "has " + actual + " entries but the vocabulary has "
                    + vocab + " tokens; the arrays must be parallel");
        }
    }

    static void notNull(Path source, String field, Object value, String why) throws ModelFormatException {
        if (value == null) {
            throw new ModelFormatException(source, -1, field, "is missing; " + why);
        }
    }

    /** A token id that must name a token, or be -1 when {@code optional}. */
    static void tokenId(Path source, String field, int id, int vocab, boolean optional) throws ModelFormatException {
        if (optional && id == -1) {
            return;
        }
        if (id < 0 || id >= vocab) {
            throw new ModelFormatException(source, -1, field, "token id " + id + " is outside the vocabulary [0, "
                    + vocab + ")" + (optional ? " (use -1 for none)" : ""));
        }
    }

    static void tokensPresent(Path source, String field, Object[] tokens) throws ModelFormatException {
        if (tokens.length == 0) {
            throw new ModelFormatException(source, -1, field, "the vocabulary is empty");
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == null) {
                throw new ModelFormatException(source, -1, field + "[" + i + "]", "token is missing (null)");
            }
        }
    }
}
