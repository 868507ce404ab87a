package io.radinfer.runtime.tokenizer;

/**
 * GPT-2's {@code bytes_to_unicode} table: every byte value gets a printable character so that byte-level
 * BPE vocabularies can be stored as text. Bytes that are printable Latin-1 ({@code !}..{@code ~},
 * {@code ¡}..{@code ¬}, {@code ®}..{@code ÿ}) stand for themselves; the other 68 byte values, in increasing
 * order, are mapped to U+0100, U+0101, ... (so a space, 0x20, is {@code Ġ} U+0120 and a newline {@code Ċ}).
 */
final class ByteLevelAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[256 + 68];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    static char charOf(int b) {
        return BYTE_TO_CHAR[b];
    }

    /** The byte a character of the alphabet stands for, or -1 if the code point is not in the alphabet. */
    static int byteOf(int codePoint) {
        return codePoint >= 0 && codePoint < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[codePoint] : -1;
    }

    /** Bytes written in the alphabet, one character per byte. */
    static String encode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /**
     * The bytes a vocabulary entry stands for. Characters outside the alphabet (which a well-formed
     * byte-level vocabulary does not contain in normal tokens) contribute their own UTF-8 bytes, so decoding
     * never fails.
     */
    static byte[] decode(String token) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(token.length());
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            int len = Character.charCount(cp);
            int b = byteOf(cp);
            if (b >= 0) {
                out.write(b);
            } else {
                out.writeBytes(Utf8.encode(token.substring(i, i + len)));
            }
            i += len;
        }
        return out.toByteArray();
    }
}
