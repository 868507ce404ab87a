package io.radinfer.runtime.tokenizer;

/**
 * Turns a stream of token ids into text as the tokens arrive. A token may end in the middle of a UTF-8
 * character (byte-fallback tokens such as {@code <0xE2>}, or byte-level BPE pieces); those bytes are held
 * back until the character is complete, so {@link #next(int, StringBuilder)} only ever emits whole
 * characters. A byte sequence that cannot become valid UTF-8 is emitted as one U+FFFD per maximal invalid
 * subpart (the Unicode Standard's recommended practice, chapter 3.9, Table 3-8; also what browsers and
 * Python do), and {@link #flush(StringBuilder)} does the same for an incomplete tail. This equals
 * {@code new String(bytes, UTF_8)} except for encoded surrogates ({@code ED A0..BF xx}), which the JDK
 * replaces with one U+FFFD instead of one per byte.
 *
 * <p>Control tokens (BOS, EOS, chat markers) produce no text. For SentencePiece vocabularies, the leading
 * space of a piece that directly follows BOS is dropped, as llama2.c's {@code decode} does ("following BOS
 * token, sentencepiece decoder strips any leading whitespace"); feed the prompt's BOS to the decoder so it
 * knows.
 *
 * <p>{@link #next(int, StringBuilder)} allocates nothing beyond the builder's own growth. Not thread-safe.
 *
 * <pre>{@code
 * TokenDecoder decoder = tokenizer.newDecoder();
 * decoder.next(tokenizer.bos());
 * String piece = decoder.next(nextId);   // "" while a character is incomplete
 * }</pre>
 */
public final class TokenDecoder {
    private static final char REPLACEMENT = '\uFFFD';

    private final byte[][] pieces;
    private final int stripAfter;
    private final boolean[] leadingSpace;
    private int previous = -1;

    // The UTF-8 character being assembled: its first byte, the code point bits so far, and byte counts.
    private int lead;
    private int codePoint;
    private int have;
    private int need;

    /**
     * @param pieces the bytes each token id decodes to
     * @param stripAfter the token after which a leading space is dropped, or -1
     * @param leadingSpace per id, whether its piece starts with a space that may be dropped; null if none
     */
    TokenDecoder(byte[][] pieces, int stripAfter, boolean[] leadingSpace) {
        this.pieces = pieces;
        this.stripAfter = stripAfter;
        this.leadingSpace = leadingSpace;
    }

    /**
     * Appends to {@code out} the text that became complete with this token.
     *
     * @throws IllegalArgumentException if the id is not in the vocabulary
     */
    public void next(int tokenId, StringBuilder out) {
        if (tokenId < 0 || tokenId >= pieces.length) {
            throw new IllegalArgumentException("token id " + tokenId + " is outside the vocabulary [0, "
                    + pieces.length + ")");
        }
        byte[] piece = pieces[tokenId];
        int from = previous == stripAfter && stripAfter >= 0 && leadingSpace[tokenId] ? 1 : 0;
        previous = tokenId;
        for (int i = from; i < piece.length; i++) {
            accept(piece[i] & 0xFF, out);
        }
    }

    /** Returns the text that became complete with this token ({@code ""} if none). */
    public String next(int tokenId) {
        StringBuilder out = new StringBuilder();
        next(tokenId, out);
        return out.toString();
    }

    /** Appends U+FFFD for an incomplete character still held back, and forgets it. */
    public void flush(StringBuilder out) {
        if (have > 0) {
            out.append(REPLACEMENT);
            have = 0;
        }
    }

    /** Returns U+FFFD if an incomplete character was held back ({@code ""} otherwise), and forgets it. */
    public String flush() {
        StringBuilder out = new StringBuilder(1);
        flush(out);
        return out.toString();
    }

    private void accept(int b, StringBuilder out) {
        if (have > 0) {
            if (continues(b)) {
                codePoint = (codePoint << 6) | (b & 0x3F);
                if (++have == need) {
                    out.appendCodePoint(codePoint);
                    have = 0;
                }
                return;
            }
            // The held bytes are a maximal subpart that cannot be completed; b starts afresh.
            out.append(REPLACEMENT);
            have = 0;
        }
        if (b < 0x80) {
            out.append((char) b);
        } else if (b >= 0xC2 && b <= 0xDF) {
            start(b, 2, b & 0x1F);
        } else if (b >= 0xE0 && b <= 0xEF) {
            start(b, 3, b & 0x0F);
        } else if (b >= 0xF0 && b <= 0xF4) {
            start(b, 4, b & 0x07);
        } else {
            out.append(REPLACEMENT);
        }
    }

    private void start(int b, int length, int bits) {
        lead = b;
        codePoint = bits;
        have = 1;
        need = length;
    }

    /**
     * Whether b may follow the held bytes: the second byte's range depends on the first (Unicode Table 3-7:
     * E0 needs A0..BF to exclude overlong forms, ED needs 80..9F to exclude surrogates, F0 needs 90..BF, F4
     * needs 80..8F to stay below U+110000); later bytes are 80..BF.
     */
    private boolean continues(int b) {
        if (have == 1) {
            return switch (lead) {
                case 0xE0 -> b >= 0xA0 && b <= 0xBF;
                case 0xED -> b >= 0x80 && b <= 0x9F;
                case 0xF0 -> b >= 0x90 && b <= 0xBF;
                case 0xF4 -> b >= 0x80 && b <= 0x8F;
                default -> b >= 0x80 && b <= 0xBF;
            };
        }
        return b >= 0x80 && b <= 0xBF;
    }
}
