package io.radinfer.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radinfer.runtime.model.ModelFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A hand-made byte-level vocabulary: ids 0..255 are the single bytes (id = byte value), then one token per
 * merge rule below, in rank order, then two control tokens. Expected ids are derived from the rules by
 * hand; each test says how.
 */
class Gpt2BpeTest {
    private static final String[] MERGES = {
        "h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "l d", "Ġwor ld", "b c", "a b", "1 2",
    };
    static final int HELLO = 259;
    static final int G_WORLD = 264;
    static final int BC = 265;
    static final int AB = 266;
    static final int ONE_TWO = 267;
    static final int IM_START = 268;
    static final int IM_END = 269;
    static final int USER_TAG = 270;
    static final int ABC = 271;

    static Gpt2Bpe tokenizer(String pre) throws ModelFormatException {
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteLevelAlphabet.charOf(b)));
        }
        for (String rule : MERGES) {
            tokens.add(rule.replace(" ", ""));
        }
        tokens.add("<|im_start|>");
        tokens.add("<|im_end|>");
        tokens.add("[user]");
        tokens.add("abc");
        int[] types = new int[tokens.size()];
        Arrays.fill(types, 1);
        types[IM_START] = 3;
        types[IM_END] = 3;
        types[USER_TAG] = 4;
        return Gpt2Bpe.fromGguf(null, tokens.toArray(String[]::new), MERGES, types, -1, IM_END, pre);
    }

    @Test
    void helloWorldBecomesTwoTokens() throws ModelFormatException {
        // Pre-tokenizer: "hello", " world". "hello": h e l l o -> "h e" (rank 0) -> he l l o -> "l l" (1)
        // -> he ll o -> "he ll" (2) -> hell o -> "hell o" (3) -> hello.
        // " world" = Ġ w o r l d -> "Ġ w" (4) -> "o r" (5) -> "Ġw or" (6) -> "l d" (7) -> "Ġwor ld" (8).
        assertArrayEquals(new int[] {HELLO, G_WORLD}, tokenizer("gpt-2").encode("hello world", false, false));
        assertEquals("hello world", tokenizer("gpt-2").decode(new int[] {HELLO, G_WORLD}));
    }

    @Test
    void lowerRankMergesFirstEvenWhenFurtherRight() throws ModelFormatException {
        // "abc": pairs "a b" (rank 10) and "b c" (rank 9) -> "b c" first -> a bc; "a bc" has no rule.
        assertArrayEquals(new int[] {'a', BC}, tokenizer("gpt-2").encode("abc", false, false));
    }

    @Test
    void equalRanksMergeLeftmostFirst() throws ModelFormatException {
        // "lll": both pairs are "l l" (rank 1); the left one merges -> ll l.
        assertArrayEquals(new int[] {HELLO - 2, 'l'}, tokenizer("gpt-2").encode("lll", false, false));
    }

    @Test
    void controlAndUserDefinedTokensAreMatchedWholeBeforePreTokenization() throws ModelFormatException {
        Gpt2Bpe tokenizer = tokenizer("qwen2");
        // Qwen2 pieces between the specials: "hello", then "\n"; " world" after [user].
        assertArrayEquals(new int[] {IM_START, HELLO, '\n', USER_TAG, G_WORLD, IM_END},
                tokenizer.encode("<|im_start|>hello\n[user] world<|im_end|>", false, false));
        assertArrayEquals(new int[] {HELLO, IM_END}, tokenizer.encode("hello", false, true));
        // Control tokens decode to nothing, user-defined ones to their text.
        assertEquals("hello\n[user] world", tokenizer.decode(new int[] {IM_START, HELLO, '\n', USER_TAG, G_WORLD, IM_END}));
        assertEquals("<|im_start|>", tokenizer.tokenText(IM_START));
        assertEquals("Ġworld", tokenizer.tokenText(G_WORLD));
    }

    @Test
    void digitHandlingFollowsThePreTokenizer() throws ModelFormatException {
        // "12": GPT-2 keeps " ?\p{N}+" together so "1 2" merges; Qwen2 and SmolLM split digits one by one.
        assertArrayEquals(new int[] {ONE_TWO}, tokenizer("gpt-2").encode("12", false, false));
        assertArrayEquals(new int[] {'1', '2'}, tokenizer("qwen2").encode("12", false, false));
        assertArrayEquals(new int[] {'1', '2'}, tokenizer("smollm").encode("12", false, false));
        assertArrayEquals(new int[] {ONE_TWO}, tokenizer("llama-bpe").encode("12", false, false));
    }

    @Test
    void llama3KeepsAPieceThatIsAlreadyATokenWhole() throws ModelFormatException {
        // "abc" is a token, but no merge rule leads to it: BPE gives a, bc (see above). Llama 3's
        // ignore_merges takes a piece that is itself a token whole; the other pre-tokenizers do not.
        assertArrayEquals(new int[] {ABC}, tokenizer("llama-bpe").encode("abc", false, false));
        assertArrayEquals(new int[] {'a', BC}, tokenizer("qwen2").encode("abc", false, false));
    }

    @Test
    void byteLevelRoundTripOfArbitraryUnicode() throws ModelFormatException {
        Gpt2Bpe tokenizer = tokenizer("qwen2");
        Random random = new Random(424242);
        int[] blocks = {0x20, 0x7F, 0xA0, 0x300, 0x400, 0x4E00, 0xAC00, 0x1F600, 0x10FF00, 0xFFF0};
        for (int trial = 0; trial < 300; trial++) {
            StringBuilder text = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(12);
                if (kind == 10) {
                    // An unpaired surrogate: not representable in UTF-8, encoded as U+FFFD. A low one never
                    // pairs with what precedes it; a high one is kept unpaired by the 'q' after it.
                    if (random.nextBoolean()) {
                        text.append((char) (0xDC00 + random.nextInt(0x400)));
                        expected.append('\uFFFD');
                    } else {
                        text.append((char) (0xD800 + random.nextInt(0x400))).append('q');
                        expected.append("\uFFFDq");
                    }
                } else if (kind == 11) {
                    String s = random.nextBoolean() ? "<|im_start|>" : "hello world";
                    text.append(s);
                    expected.append(s.equals("<|im_start|>") ? "" : s); // a control token decodes to nothing
                } else {
                    int cp = blocks[kind] + random.nextInt(0x60);
                    text.appendCodePoint(cp);
                    expected.appendCodePoint(cp);
                }
            }
            int[] ids = tokenizer.encode(text.toString(), false, false);
            String decoded = tokenizer.decode(ids);
            assertEquals(expected.toString(), decoded, "decode(encode(text))");
            if (!text.toString().contains("<|im_start|>")) {
                assertArrayEquals(ids, tokenizer.encode(decoded, false, false), "encode(decode(ids))");
            }
        }
    }

    @Test
    void randomTokenSequencesDecodeToTheirConcatenatedBytes() throws ModelFormatException {
        Gpt2Bpe tokenizer = tokenizer("gpt-2");
        Random random = new Random(11);
        for (int trial = 0; trial < 500; trial++) {
            int[] ids = new int[random.nextInt(8)];
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < ids.length; i++) {
                ids[i] = random.nextInt(256 + MERGES.length);
                // Ids below 256 are the byte of the same value; merge results are ASCII text with Ġ = space.
                bytes.writeBytes(ids[i] < 256 ? new byte[] {(byte) ids[i]}
                        : MERGES[ids[i] - 256].replace(" ", "").replace('Ġ', ' ').getBytes(StandardCharsets.UTF_8));
            }
            if (containsByte(bytes.toByteArray(), 0xED)) {
                continue; // the JDK decodes encoded surrogates differently; see TokenDecoderTest
            }
            assertEquals(new String(bytes.toByteArray(), StandardCharsets.UTF_8), tokenizer.decode(ids));
        }
    }

    private static boolean containsByte(byte[] bytes, int value) {
        for (byte b : bytes) {
            if ((b & 0xFF) == value) {
                return true;
            }
        }
        return false;
    }

    @Test
    void unknownPreTokenizerIsATypedErrorListingTheSupportedOnes() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> tokenizer("deepseek-llm"));
        assertEquals("tokenizer.ggml.pre", e.field());
        assertTrue(e.getMessage().contains("qwen2") && e.getMessage().contains("smollm")
                && e.getMessage().contains("llama-bpe") && e.getMessage().contains("gpt-2"), e.getMessage());
    }

    @Test
    void malformedVocabulariesAreReportedWithTheField() {
        String[] bytesOnly = new String[256];
        for (int b = 0; b < 256; b++) {
            bytesOnly[b] = String.valueOf(ByteLevelAlphabet.charOf(b));
        }
        ModelFormatException missingResult = assertThrows(ModelFormatException.class,
                () -> Gpt2Bpe.fromGguf(null, bytesOnly, new String[] {"a b"}, null, -1, -1, "gpt-2"));
        assertEquals("tokenizer.ggml.merges[0]", missingResult.field());

        ModelFormatException badRule = assertThrows(ModelFormatException.class,
                () -> Gpt2Bpe.fromGguf(null, bytesOnly, new String[] {"ab"}, null, -1, -1, "gpt-2"));
        assertEquals("tokenizer.ggml.merges[0]", badRule.field());

        String[] missingByte = Arrays.copyOf(bytesOnly, 255);
        ModelFormatException noByte = assertThrows(ModelFormatException.class,
                () -> Gpt2Bpe.fromGguf(null, missingByte, new String[0], null, -1, -1, "gpt-2"));
        assertTrue(noByte.getMessage().contains("0xFF"), noByte.getMessage());

        assertThrows(IllegalArgumentException.class, () -> Gpt2Bpe.fromGguf(null, bytesOnly, new String[0], null,
                -1, -1, "gpt-2").encode("a", true, false));
    }
}
