package io.radinfer.runtime.tokenizer;

import io.radinfer.runtime.model.ModelFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * SentencePiece-style BPE with byte fallback, as used by Llama 1/2 and TinyStories models: GGUF files with
 * {@code tokenizer.ggml.model = llama}, and llama2.c's {@code tokenizer.bin}.
 *
 * <p>Encoding is llama2.c {@code run.c}'s {@code encode}: optionally prepend a space (the "dummy prefix",
 * only for non-empty text); split the UTF-8 bytes into code points and look each one up as a token,
 * falling back to one byte token per byte ({@code <0xXX>}) when the code point is not in the vocabulary;
 * then repeatedly merge the adjacent pair whose concatenation is a token with the highest score, the
 * leftmost such pair on equal scores, until no pair is a token. As in run.c, a pair whose token scores
 * {@code <= -1e10} is never merged (that is run.c's starting "best score"). Unlike run.c, BOS is not
 * offered as the left half of a merge (run.c includes it, which only matters if some token starts with
 * the BOS text; SentencePiece and llama.cpp never merge across BOS).
 *
 * <p>GGUF vocabularies store a space as U+2581 ({@code ▁}), llama2.c's {@code tokenizer.bin} as a plain
 * space; {@link #fromGguf} and {@link #fromLlama2c} handle each, so input spaces match the vocabulary and
 * decoded text has plain spaces (a literal U+2581 in GGUF input is therefore read as a space, as llama.cpp
 * does). Byte tokens are found by name in GGUF ({@code <0x41>}), and at id {@code byte + 3} in
 * {@code tokenizer.bin}, as run.c assumes.
 *
 * <p>Decoding: control and unused tokens, BOS and EOS produce no text; the unknown token produces U+FFFD;
 * byte tokens produce their byte; other tokens their text, with U+2581 turned into a space, and without
 * the leading space when they directly follow BOS (run.c's {@code decode}).
 *
 * <pre>{@code
 * SentencePieceBpe tokenizer = SentencePieceBpe.fromGguf(path, tokens, scores, types, 1, 2, 0, true);
 * int[] ids = tokenizer.encode("Hello world", true, false);
 * }</pre>
 */
public final class SentencePieceBpe implements Tokenizer {
    private static final String GGUF_TOKENS = "tokenizer.ggml.tokens";
    private static final String GGUF_SCORES = "tokenizer.ggml.scores";
    private static final char SPACE_MARKER = '\u2581';
    /** run.c's {@code float best_score = -1e10}: merges scoring at or below it never happen. */
    private static final float NO_MERGE_SCORE = -1e10f;
    private static final byte[] REPLACEMENT_UTF8 = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private final String[] texts;
    private final String[] keys;
    private final float[] scores;
    private final Map<String, Integer> ids;
    private final int[] byteTokens;
    private final byte[][] decoded;
    private final boolean[] leadingSpace;
    private final int bos;
    private final int eos;
    private final int unk;
    private final boolean spaceMarker;
    private final boolean addSpacePrefix;

    private SentencePieceBpe(String[] texts, byte[][] raw, float[] scores, int[] byteTokens, byte[][] decoded,
            boolean[] leadingSpace, int bos, int eos, int unk, boolean spaceMarker, boolean addSpacePrefix) {
        this.texts = texts;
        this.scores = scores;
        this.byteTokens = byteTokens;
        this.decoded = decoded;
        this.leadingSpace = leadingSpace;
        this.bos = bos;
        this.eos = eos;
        this.unk = unk;
        this.spaceMarker = spaceMarker;
        this.addSpacePrefix = addSpacePrefix;
        this.keys = new String[raw.length];
        this.ids = HashMap.newHashMap(raw.length);
        for (int i = 0; i < raw.length; i++) {
            keys[i] = key(raw[i], 0, raw[i].length);
            // Duplicate entries: the lowest id wins, so lookups are deterministic.
            ids.putIfAbsent(keys[i], i);
        }
    }

    /**
     * A tokenizer for a GGUF {@code llama} vocabulary (spaces stored as U+2581).
     *
     * @param source the file the vocabulary came from, named in error messages; may be null
     * @param tokens {@code tokenizer.ggml.tokens}
     * @param scores {@code tokenizer.ggml.scores}, parallel to tokens
     * @param tokenTypes {@code tokenizer.ggml.token_type} (codes 0..6), parallel to tokens; null if absent,
     *     then every token counts as normal except the BOS, EOS and unknown ids and names of the form
     *     {@code <0xXX>}
     * @param bos {@code tokenizer.ggml.bos_token_id}
     * @param eos {@code tokenizer.ggml.eos_token_id}, or -1 for none
     * @param unk {@code tokenizer.ggml.unknown_token_id}, or -1 for none
     * @param addSpacePrefix {@code tokenizer.ggml.add_space_prefix} (llama.cpp's default is true)
     * @throws ModelFormatException if arrays are missing or not parallel, an id is out of range, a type
     *     code is unknown, a byte-type token is not named {@code <0xXX>}, or the vocabulary could not encode
     *     an arbitrary character (it has neither all 256 byte tokens nor an unknown token)
     */
    public static SentencePieceBpe fromGguf(Path source, String[] tokens, float[] scores, int[] tokenTypes,
            int bos, int eos, int unk, boolean addSpacePrefix) throws ModelFormatException {
        VocabularyCheck.notNull(source, GGUF_TOKENS, tokens, "a llama vocabulary needs its token strings");
        VocabularyCheck.tokensPresent(source, GGUF_TOKENS, tokens);
        int n = tokens.length;
        VocabularyCheck.notNull(source, GGUF_SCORES, scores, "a llama (SentencePiece) vocabulary needs scores to "
                + "choose merges");
        VocabularyCheck.length(source, GGUF_SCORES, scores.length, n);
        TokenType[] types = TokenType.fromGguf(source, tokenTypes, n);
        VocabularyCheck.tokenId(source, "tokenizer.ggml.bos_token_id", bos, n, false);
        VocabularyCheck.tokenId(source, "tokenizer.ggml.eos_token_id", eos, n, true);
        VocabularyCheck.tokenId(source, "tokenizer.ggml.unknown_token_id", unk, n, true);

        Map<String, Integer> byName = HashMap.newHashMap(n);
        for (int i = 0; i < n; i++) {
            byName.putIfAbsent(tokens[i], i);
        }
        int[] byteTokens = new int[256];
        boolean allBytes = true;
        for (int b = 0; b < 256; b++) {
            Integer id = byName.get(byteTokenName(b));
            byteTokens[b] = id == null ? -1 : id;
            allBytes &= id != null;
        }
        if (!allBytes && unk < 0) {
            throw new ModelFormatException(source, -1, GGUF_TOKENS, "the vocabulary has neither all 256 byte "
                    + "tokens <0x00>..<0xFF> nor an unknown token, so text with characters outside it cannot be "
                    + "encoded; set tokenizer.ggml.unknown_token_id");
        }

        byte[][] raw = new byte[n][];
        byte[][] decoded = new byte[n][];
        boolean[] leadingSpace = new boolean[n];
        for (int i = 0; i < n; i++) {
            raw[i] = Utf8.encode(tokens[i]);
            TokenType type = types[i];
            if (tokenTypes == null) {
                type = i == unk ? TokenType.UNKNOWN : parseByteToken(tokens[i]) >= 0 ? TokenType.BYTE : type;
            }
            if (i == bos || i == eos) {
                type = TokenType.CONTROL;
            }
            switch (type) {
                case CONTROL, UNUSED -> decoded[i] = new byte[0];
                case UNKNOWN -> decoded[i] = REPLACEMENT_UTF8;
                case BYTE -> {
                    int b = parseByteToken(tokens[i]);
                    if (b < 0) {
                        throw new ModelFormatException(source, -1, TokenType.FIELD + "[" + i + "]",
                                "token '" + tokens[i] + "' has type byte (6) but is not named <0xXX>");
                    }
                    decoded[i] = new byte[] {(byte) b};
                }
                default -> {
                    decoded[i] = Utf8.encode(tokens[i].replace(SPACE_MARKER, ' '));
                    leadingSpace[i] = decoded[i].length > 0 && decoded[i][0] == ' ';
                }
            }
        }
        return new SentencePieceBpe(tokens.clone(), raw, scores.clone(), byteTokens, decoded, leadingSpace,
                bos, eos, unk, true, addSpacePrefix);
    }

    /**
     * A tokenizer for the contents of a llama2.c {@code tokenizer.bin}: BOS is 1, EOS 2, unknown 0, byte
     * tokens are 3..258, spaces are plain, and a space prefix is always added, as in run.c.
     *
     * @param source the file the vocabulary came from, named in error messages; may be null
     * @param tokens the token bytes, in file order (the file's vocabulary size comes from the checkpoint)
     * @param scores the token scores, parallel to tokens
     * @param maxTokenLength the {@code max_token_length} header field
     * @throws ModelFormatException if arrays are missing or not parallel, the vocabulary is too small to
     *     hold the byte tokens at 3..258, or a token is longer than {@code max_token_length}
     */
    public static SentencePieceBpe fromLlama2c(Path source, byte[][] tokens, float[] scores, int maxTokenLength)
            throws ModelFormatException {
        VocabularyCheck.notNull(source, "vocab", tokens, "a tokenizer.bin vocabulary needs its token strings");
        VocabularyCheck.tokensPresent(source, "vocab", tokens);
        int n = tokens.length;
        VocabularyCheck.notNull(source, "vocab_scores", scores, "a tokenizer.bin vocabulary has a score per token");
        VocabularyCheck.length(source, "vocab_scores", scores.length, n);
        if (n < 259) {
            throw new ModelFormatException(source, -1, "vocab", "has " + n + " tokens, but llama2.c tokenizers "
                    + "place <unk>, BOS, EOS at 0..2 and the 256 byte tokens at 3..258; is the vocabulary size "
                    + "from the matching checkpoint?");
        }
        long offset = 4; // after the max_token_length header
        for (int i = 0; i < n; i++) {
            if (tokens[i].length > maxTokenLength) {
                throw new ModelFormatException(source, offset, "vocab[" + i + "]", "token is " + tokens[i].length
                        + " bytes long, more than the header's max_token_length " + maxTokenLength
                        + "; the file is corrupt or does not belong to this checkpoint");
            }
            offset += 8 + tokens[i].length; // float score, int32 length, bytes
        }
        int[] byteTokens = new int[256];
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = b + 3;
        }
        String[] texts = new String[n];
        byte[][] raw = new byte[n][];
        byte[][] decoded = new byte[n][];
        boolean[] leadingSpace = new boolean[n];
        for (int i = 0; i < n; i++) {
            raw[i] = tokens[i].clone();
            texts[i] = new String(raw[i], StandardCharsets.UTF_8);
            int b = parseByteToken(texts[i]);
            if (i == 1 || i == 2) {
                decoded[i] = new byte[0];
            } else if (i == 0) {
                decoded[i] = REPLACEMENT_UTF8;
            } else if (b >= 0) {
                decoded[i] = new byte[] {(byte) b};
            } else {
                decoded[i] = raw[i];
                leadingSpace[i] = raw[i].length > 0 && raw[i][0] == ' ';
            }
        }
        return new SentencePieceBpe(texts, raw, scores.clone(), byteTokens, decoded, leadingSpace,
                1, 2, 0, false, true);
    }

    @Override
    public int[] encode(String text, boolean addBos, boolean addEos) {
        if (addEos && eos < 0) {
            throw new IllegalArgumentException("this vocabulary has no EOS token; encode with addEos = false");
        }
        String prefixed = addSpacePrefix && !text.isEmpty() ? " " + text : text;
        byte[] bytes = Utf8.encode(spaceMarker ? prefixed.replace(' ', SPACE_MARKER) : prefixed);
        int[] tokens = new int[bytes.length + 2];
        int n = 0;
        if (addBos) {
            tokens[n++] = bos;
        }
        int first = n;
        // One code point at a time, as run.c walks the bytes: a unit is a byte plus the continuation bytes
        // (10xxxxxx) after it, at most 4 bytes in all.
        for (int i = 0; i < bytes.length; ) {
            int len = 1;
            while (len < 4 && i + len < bytes.length && (bytes[i + len] & 0xC0) == 0x80) {
                len++;
            }
            Integer id = ids.get(key(bytes, i, len));
            if (id != null) {
                tokens[n++] = id;
            } else {
                n = fallBack(bytes, i, len, tokens, n);
            }
            i += len;
        }
        n = first + merge(tokens, first, n - first);
        if (addEos) {
            tokens[n++] = eos;
        }
        return Arrays.copyOf(tokens, n);
    }

    /** One byte token per byte of the unit; one unknown token if some byte has no token. */
    private int fallBack(byte[] bytes, int from, int len, int[] tokens, int n) {
        for (int k = 0; k < len; k++) {
            if (byteTokens[bytes[from + k] & 0xFF] < 0) {
                tokens[n++] = unk;
                return n;
            }
        }
        for (int k = 0; k < len; k++) {
            tokens[n++] = byteTokens[bytes[from + k] & 0xFF];
        }
        return n;
    }

    /**
     * run.c's merge loop on {@code tokens[from .. from + count)}; returns the new count. The token each
     * adjacent pair would merge into is cached and recomputed only next to a merge, which gives the same
     * choices as run.c's full rescan (the lookup depends on the pair alone) in fewer string lookups.
     */
    private int merge(int[] tokens, int from, int count) {
        if (count < 2) {
            return count;
        }
        int[] pair = new int[count - 1];
        for (int k = 0; k < count - 1; k++) {
            pair[k] = pairToken(tokens[from + k], tokens[from + k + 1]);
        }
        while (true) {
            float bestScore = NO_MERGE_SCORE;
            int best = -1;
            for (int k = 0; k < count - 1; k++) {
                int id = pair[k];
                if (id >= 0 && scores[id] > bestScore) {
                    bestScore = scores[id];
                    best = k;
                }
            }
            if (best < 0) {
                return count;
            }
            tokens[from + best] = pair[best];
            System.arraycopy(tokens, from + best + 2, tokens, from + best + 1, count - best - 2);
            System.arraycopy(pair, best + 1, pair, best, count - best - 2);
            count--;
            if (best > 0) {
                pair[best - 1] = pairToken(tokens[from + best - 1], tokens[from + best]);
            }
            if (best < count - 1) {
                pair[best] = pairToken(tokens[from + best], tokens[from + best + 1]);
            }
        }
    }

    private int pairToken(int left, int right) {
        Integer id = ids.get(keys[left].concat(keys[right]));
        return id == null ? -1 : id;
    }

    /**
     * Lookup keys are the token's bytes viewed as ISO-8859-1 characters (one char per byte), so
     * concatenating keys concatenates bytes exactly as run.c's {@code sprintf("%s%s")} does, even for
     * tokens that are not valid UTF-8 on their own.
     */
    private static String key(byte[] bytes, int from, int len) {
        return new String(bytes, from, len, StandardCharsets.ISO_8859_1);
    }

    private static String byteTokenName(int b) {
        return String.format("<0x%02X>", b);
    }

    /** The byte named by {@code <0xXX>} (either hex case, as run.c's {@code sscanf("<0x%02hhX>")}), or -1. */
    private static int parseByteToken(String s) {
        if (s.length() != 6 || !s.startsWith("<0x") || s.charAt(5) != '>') {
            return -1;
        }
        int hi = hexDigit(s.charAt(3));
        int lo = hexDigit(s.charAt(4));
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    /** ASCII hex digits only ({@link Character#digit} would also accept other scripts' digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    @Override
    public int vocabSize() {
        return texts.length;
    }

    @Override
    public int bos() {
        return bos;
    }

    @Override
    public int eos() {
        return eos;
    }

    /** The unknown token's id, or -1 if the vocabulary has none. */
    public int unk() {
        return unk;
    }

    @Override
    public String tokenText(int id) {
        if (id < 0 || id >= texts.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + texts.length + ")");
        }
        return texts[id];
    }

    @Override
    public TokenDecoder newDecoder() {
        return new TokenDecoder(decoded, bos, leadingSpace);
    }
}
