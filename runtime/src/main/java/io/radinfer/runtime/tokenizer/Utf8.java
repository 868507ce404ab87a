package io.radinfer.runtime.tokenizer;

/**
 * UTF-8 encoding of Java strings for tokenizers. Unlike {@code String.getBytes(UTF_8)}, which turns an
 * unpaired surrogate into {@code '?'}, this encodes it as U+FFFD, the character Unicode reserves for
 * unrepresentable input, so the tokenizer never invents an ASCII question mark.
 */
final class Utf8 {
    private static final int REPLACEMENT = 0xFFFD;

    private Utf8() {
    }

    static byte[] encode(CharSequence s) {
        byte[] out = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                cp = REPLACEMENT;
            }
            if (cp < 0x80) {
                out[n++] = (byte) cp;
            } else if (cp < 0x800) {
                out[n++] = (byte) (0xC0 | (cp >>> 6));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out[n++] = (byte) (0xE0 | (cp >>> 12));
                out[n++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[n++] = (byte) (0xF0 | (cp >>> 18));
                out[n++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
                out[n++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
