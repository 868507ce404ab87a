package io.radinfer.runtime.tokenizer;

import io.radinfer.runtime.model.ModelFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT-2 style byte-level BPE, as in GGUF files with {@code tokenizer.ggml.model = gpt2} (SmolLM2, Qwen2,
 * Llama 3). The vocabulary is written in GPT-2's byte-to-character alphabet ({@code Ġ} for a space), so any
 * byte sequence can be encoded and decoding maps the characters back to bytes.
 *
 * <p>Encoding: control and user-defined tokens (GGUF types 3 and 4, e.g. {@code <|im_start|>}) are found
 * in the text first and emitted whole — the longest one wins where several start at the same place, the
 * leftmost occurrence first; the text between them is cut by the pre-tokenizer named by
 * {@code tokenizer.ggml.pre}; each piece's UTF-8 bytes start as single-byte tokens and the adjacent pair
 * with the lowest merge rank (leftmost on equal ranks) is merged until no pair has a rule. This is the
 * merge order of GPT-2's reference {@code bpe()} and of llama.cpp.
 *
 * <p>Decoding: normal tokens give their bytes, user-defined tokens their literal text, control and unused
 * tokens (and BOS/EOS) nothing, the unknown token U+FFFD. No space is stripped.
 *
 * <pre>{@code
 * Gpt2Bpe tokenizer = Gpt2Bpe.fromGguf(path, tokens, merges, types, -1, 151645, "qwen2");
 * int[] ids = tokenizer.encode("<|im_start|>user\nHi<|im_end|>", false, false);
 * }</pre>
 */
public final class Gpt2Bpe implements Tokenizer {
    private static final String GGUF_TOKENS = "tokenizer.ggml.tokens";
    private static final String GGUF_MERGES = "tokenizer.ggml.merges";
    private static final String GGUF_PRE = "tokenizer.ggml.pre";
    private static final byte[] REPLACEMENT_UTF8 = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private final String[] texts;
    private final Map<String, Integer> ids;
    private final int[] byteTokens;
    private final MergeTable merges;
    private final BpePreTokenizer pre;
    private final String[] specials;
    private final int[] specialIds;
    private final BitSet specialFirstChars;
    private final byte[][] decoded;
    private final int bos;
    private final int eos;

    private Gpt2Bpe(String[] texts, Map<String, Integer> ids, int[] byteTokens, MergeTable merges,
            BpePreTokenizer pre, String[] specials, int[] specialIds, byte[][] decoded, int bos, int eos) {
        this.texts = texts;
        this.ids = ids;
        this.byteTokens = byteTokens;
        this.merges = merges;
        this.pre = pre;
        this.specials = specials;
        this.specialIds = specialIds;
        this.decoded = decoded;
        this.bos = bos;
        this.eos = eos;
        this.specialFirstChars = new BitSet();
        for (String s : specials) {
            specialFirstChars.set(s.charAt(0));
        }
    }

    /**
     * A tokenizer for a GGUF {@code gpt2} vocabulary.
     *
     * @param source the file the vocabulary came from, named in error messages; may be null
     * @param tokens {@code tokenizer.ggml.tokens}, in the byte-to-character alphabet
     * @param merges {@code tokenizer.ggml.merges}, {@code "left right"} in rank order (first = applied first)
     * @param tokenTypes {@code tokenizer.ggml.token_type} (codes 0..6), parallel to tokens; null if absent
     *     (then no token is matched whole in input text)
     * @param bos {@code tokenizer.ggml.bos_token_id}, or -1 for none
     * @param eos {@code tokenizer.ggml.eos_token_id}, or -1 for none
     * @param pre {@code tokenizer.ggml.pre}: {@code gpt-2} (also {@code gpt2}, {@code default}),
     *     {@code smollm}, {@code qwen2}, {@code llama-bpe} (also {@code llama3}, {@code llama-v3})
     * @throws ModelFormatException if arrays are missing or not parallel, an id is out of range, a type code
     *     is unknown, one of the 256 single-byte tokens is missing, a merge is not two tokens separated by one
     *     space or does not make a token, or {@code pre} is not supported
     */
    public static Gpt2Bpe fromGguf(Path source, String[] tokens, String[] merges, int[] tokenTypes, int bos,
            int eos, String pre) throws ModelFormatException {
        VocabularyCheck.notNull(source, GGUF_TOKENS, tokens, "a gpt2 vocabulary needs its token strings");
        VocabularyCheck.tokensPresent(source, GGUF_TOKENS, tokens);
        int n = tokens.length;
        TokenType[] types = TokenType.fromGguf(source, tokenTypes, n);
        VocabularyCheck.tokenId(source, "tokenizer.ggml.bos_token_id", bos, n, true);
        VocabularyCheck.tokenId(source, "tokenizer.ggml.eos_token_id", eos, n, true);
        VocabularyCheck.notNull(source, GGUF_PRE, pre, "pass \"default\" for GPT-2's pre-tokenizer");
        BpePreTokenizer preTokenizer = BpePreTokenizer.forName(pre);
        if (preTokenizer == null) {
            throw new ModelFormatException(source, -1, GGUF_PRE, "pre-tokenizer '" + pre + "' is not supported; "
                    + "supported: " + String.join(", ", BpePreTokenizer.supportedNames()));
        }

        Map<String, Integer> ids = HashMap.newHashMap(n);
        for (int i = 0; i < n; i++) {
            // Duplicate entries: the lowest id wins, so lookups are deterministic.
            ids.putIfAbsent(tokens[i], i);
        }
        int[] byteTokens = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(String.valueOf(ByteLevelAlphabet.charOf(b)));
            if (id == null) {
                throw new ModelFormatException(source, -1, GGUF_TOKENS, String.format("has no token for byte 0x%02X "
                        + "(U+%04X in the byte-level alphabet); a byte-level vocabulary needs all 256",
                        b, (int) ByteLevelAlphabet.charOf(b)));
            }
            byteTokens[b] = id;
        }
        MergeTable table = mergeTable(source, merges, ids);

        List<Integer> special = new ArrayList<>();
        byte[][] decoded = new byte[n][];
        for (int i = 0; i < n; i++) {
            TokenType type = i == bos || i == eos ? TokenType.CONTROL : types[i];
            if ((types[i] == TokenType.CONTROL || types[i] == TokenType.USER_DEFINED) && !tokens[i].isEmpty()) {
                special.add(i);
            }
            decoded[i] = switch (type) {
                case CONTROL, UNUSED -> new byte[0];
                case UNKNOWN -> REPLACEMENT_UTF8;
                case USER_DEFINED -> Utf8.encode(tokens[i]);
                default -> ByteLevelAlphabet.decode(tokens[i]);
            };
        }
        // Longest first, so that the first match at a position is the longest one.
        special.sort(Comparator.comparingInt((Integer i) -> -tokens[i].length()).thenComparingInt(i -> i));
        String[] specials = new String[special.size()];
        int[] specialIds = new int[special.size()];
        for (int k = 0; k < specials.length; k++) {
            specialIds[k] = special.get(k);
            specials[k] = tokens[specialIds[k]];
        }
        return new Gpt2Bpe(tokens.clone(), ids, byteTokens, table, preTokenizer, specials, specialIds, decoded,
                bos, eos);
    }

    private static MergeTable mergeTable(Path source, String[] merges, Map<String, Integer> ids)
            throws ModelFormatException {
        VocabularyCheck.notNull(source, GGUF_MERGES, merges, "a gpt2 vocabulary needs its merge rules");
        MergeTable table = new MergeTable(merges.length);
        for (int rank = 0; rank < merges.length; rank++) {
            String rule = merges[rank];
            String field = GGUF_MERGES + "[" + rank + "]";
            int space = rule == null ? -1 : rule.indexOf(' ');
            if (space <= 0 || space == rule.length() - 1 || rule.indexOf(' ', space + 1) >= 0) {
                throw new ModelFormatException(source, -1, field, "merge rule '" + rule + "' is not two "
                        + "non-empty tokens separated by one space");
            }
            String left = rule.substring(0, space);
            String right = rule.substring(space + 1);
            Integer l = ids.get(left);
            Integer r = ids.get(right);
            Integer merged = ids.get(left + right);
            if (l == null || r == null || merged == null) {
                String missing = l == null ? left : r == null ? right : left + right;
                throw new ModelFormatException(source, -1, field, "merge rule '" + rule + "' refers to '" + missing
                        + "', which is not in tokenizer.ggml.tokens; the merges do not belong to this vocabulary");
            }
            table.putIfAbsent(l, r, rank, merged);
        }
        return table;
    }

    @Override
    public int[] encode(String text, boolean addBos, boolean addEos) {
        if (addBos && bos < 0) {
            throw new IllegalArgumentException("this vocabulary has no BOS token; encode with addBos = false");
        }
        if (addEos && eos < 0) {
            throw new IllegalArgumentException("this vocabulary has no EOS token; encode with addEos = false");
        }
        // Every token covers at least one UTF-8 byte, and a char is at most 3 bytes (a surrogate pair 4).
        int[] out = new int[3 * text.length() + 2];
        int n = 0;
        if (addBos) {
            out[n++] = bos;
        }
        int plainStart = 0;
        for (int i = 0; i < text.length(); ) {
            int special = specialAt(text, i);
            if (special < 0) {
                i++;
                continue;
            }
            n = encodePlain(text.substring(plainStart, i), out, n);
            out[n++] = specialIds[special];
            i += specials[special].length();
            plainStart = i;
        }
        n = encodePlain(text.substring(plainStart), out, n);
        if (addEos) {
            out[n++] = eos;
        }
        return Arrays.copyOf(out, n);
    }

    /** Index into {@link #specials} of the longest special token starting at {@code i}, or -1. */
    private int specialAt(String text, int i) {
        if (!specialFirstChars.get(text.charAt(i))) {
            return -1;
        }
        for (int k = 0; k < specials.length; k++) {
            if (text.startsWith(specials[k], i)) {
                return k;
            }
        }
        return -1;
    }

    private int encodePlain(String text, int[] out, int n) {
        if (text.isEmpty()) {
            return n;
        }
        for (String piece : pre.split(text)) {
            n = bpe(Utf8.encode(piece), out, n);
        }
        return n;
    }

    /**
     * Byte-level BPE on one piece. The rule for each adjacent pair is cached and recomputed only next to a
     * merge; the pair with the smallest {@code rank << 32 | merged} (that is, the lowest rank), leftmost on
     * equal values, is merged first.
     */
    private int bpe(byte[] bytes, int[] out, int n) {
        if (pre.ignoreMerges()) {
            Integer whole = ids.get(ByteLevelAlphabet.encode(bytes));
            if (whole != null) {
                out[n++] = whole;
                return n;
            }
        }
        int count = bytes.length;
        int[] symbols = new int[count];
        for (int k = 0; k < count; k++) {
            symbols[k] = byteTokens[bytes[k] & 0xFF];
        }
        if (count >= 2) {
            long[] rule = new long[count - 1];
            for (int k = 0; k < count - 1; k++) {
                rule[k] = merges.find(symbols[k], symbols[k + 1]);
            }
            while (true) {
                int best = -1;
                for (int k = 0; k < count - 1; k++) {
                    if (rule[k] >= 0 && (best < 0 || rule[k] < rule[best])) {
                        best = k;
                    }
                }
                if (best < 0) {
                    break;
                }
                symbols[best] = (int) rule[best];
                System.arraycopy(symbols, best + 2, symbols, best + 1, count - best - 2);
                System.arraycopy(rule, best + 1, rule, best, count - best - 2);
                count--;
                if (best > 0) {
                    rule[best - 1] = merges.find(symbols[best - 1], symbols[best]);
                }
                if (best < count - 1) {
                    rule[best] = merges.find(symbols[best], symbols[best + 1]);
                }
            }
        }
        System.arraycopy(symbols, 0, out, n, count);
        return n + count;
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

    @Override
    public String tokenText(int id) {
        if (id < 0 || id >= texts.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + texts.length + ")");
        }
        return texts[id];
    }

    @Override
    public TokenDecoder newDecoder() {
        return new TokenDecoder(decoded, -1, null);
    }
}
