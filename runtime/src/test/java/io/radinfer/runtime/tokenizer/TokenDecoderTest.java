package io.radinfer.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenDecoderTest {

    /** A decoder whose token id b stands for the single byte b. */
    private static TokenDecoder byteDecoder() {
        byte[][] pieces = new byte[256][];
        for (int b = 0; b < 256; b++) {
            pieces[b] = new byte[] {(byte) b};
        }
        return new TokenDecoder(pieces, -1, null);
    }

    @Test
    void threeByteCharacterSplitAcrossThreeTokensAppearsWithTheLastOne() throws Exception {
        // U+2581 is E2 96 81, in llama2.c's vocabulary the byte tokens 0xE2+3, 0x96+3, 0x81+3.
        TokenDecoder decoder = SentencePieceBpeTest.llama2c().newDecoder();
        assertEquals("", decoder.next(0xE2 + 3));
        assertEquals("", decoder.next(0x96 + 3));
        assertEquals("\u2581", decoder.next(0x81 + 3));
        assertEquals("a", decoder.next(SentencePieceBpeTest.A));
        assertEquals("", decoder.flush());
    }

    @Test
    void fourByteEmojiIsEmittedAsOneSurrogatePair() {
        TokenDecoder decoder = byteDecoder();
        StringBuilder out = new StringBuilder();
        for (byte b : "😀".getBytes(StandardCharsets.UTF_8)) {
            decoder.next(b & 0xFF, out);
        }
        assertEquals("😀", out.toString());
    }

    @Test
    void incompleteOrInvalidBytesBecomeReplacementCharacters() {
        TokenDecoder decoder = byteDecoder();
        assertEquals("", decoder.next(0xE2));
        assertEquals("\uFFFD", decoder.flush());
        assertEquals("", decoder.flush());
        assertEquals("\uFFFD", decoder.next(0xFF));
        assertEquals("", decoder.next(0xE2));
        assertEquals("\uFFFDa", decoder.next('a'));
        // ED A0 80 would be a surrogate: ED cannot be followed by A0, so ED and A0 and 80 are each invalid.
        StringBuilder out = new StringBuilder();
        decoder.next(0xED, out);
        decoder.next(0xA0, out);
        decoder.next(0x80, out);
        assertEquals("\uFFFD\uFFFD\uFFFD", out.toString());
    }

    @Test
    void invalidSequencesAreReplacedPerMaximalSubpartAsInTheUnicodeStandard() {
        // The Unicode Standard, chapter 3.9, Table 3-8: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 decodes to
        // 0061 FFFD FFFD FFFD 0062 FFFD 0063 FFFD FFFD 0064.
        int[] bytes = {0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64};
        TokenDecoder decoder = byteDecoder();
        StringBuilder out = new StringBuilder();
        for (int b : bytes) {
            decoder.next(b, out);
        }
        decoder.flush(out);
        assertEquals("a\uFFFD\uFFFD\uFFFDb\uFFFDc\uFFFD\uFFFDd", out.toString());
    }

    @Test
    void randomByteStreamsDecodeLikeTheJdkDecoder() {
        Random random = new Random(77);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                // Bias towards lead and continuation bytes so multi-byte cases are common.
                bytes[i] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
                // The JDK turns an encoded surrogate (ED A0..BF ..) into one U+FFFD, not one per maximal
                // subpart; that case is covered above and left out of the comparison.
                if (bytes[i] == (byte) 0xED) {
                    bytes[i] = (byte) 0xEC;
                }
            }
            TokenDecoder decoder = byteDecoder();
            StringBuilder out = new StringBuilder();
            for (byte b : bytes) {
                decoder.next(b & 0xFF, out);
            }
            decoder.flush(out);
            assertEquals(new String(bytes, StandardCharsets.UTF_8), out.toString(), java.util.HexFormat.of().formatHex(bytes));
        }
    }

    @Test
    void outOfRangeIdIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> byteDecoder().next(256));
        assertThrows(IllegalArgumentException.class, () -> byteDecoder().next(-1));
    }
}
