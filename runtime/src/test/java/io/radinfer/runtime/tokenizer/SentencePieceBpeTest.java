package io.radinfer.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radinfer.runtime.model.ModelFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Expected ids are worked out by hand from run.c's algorithm on a small vocabulary; each test says how.
 *
 * <p>llama2.c layout: 0 {@code <unk>}, 1 BOS, 2 EOS, 3..258 byte tokens, then the pieces below. Scores
 * matter only for tokens that are the result of a merge.
 */
class SentencePieceBpeTest {
    static final int SPACE = 259;
    static final int A = 260;
    static final int B = 261;
    static final int C = 262;
    static final int AB = 263;
    static final int BC = 264;
    static final int SPACE_A = 265;
    static final int SPACE_AB = 266;
    static final int ABC = 267;
    static final int E_ACUTE = 268;
    static final int X = 269;

    /** Pieces after the byte tokens, with their scores. */
    private static final String[] PIECES = {" ", "a", "b", "c", "ab", "bc", " a", " ab", "abc", "é", "x"};
    private static final float[] PIECE_SCORES = {-100, -100, -100, -100, -1, -1, -5, -3, -2, -100, -100};

    static SentencePieceBpe llama2c() throws ModelFormatException {
        List<byte[]> tokens = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        tokens.add("<unk>".getBytes(StandardCharsets.UTF_8));
        tokens.add("\n<s>\n".getBytes(StandardCharsets.UTF_8));
        tokens.add("\n</s>\n".getBytes(StandardCharsets.UTF_8));
        scores.add(0f);
        scores.add(0f);
        scores.add(0f);
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b).getBytes(StandardCharsets.UTF_8));
            scores.add(0f);
        }
        for (int i = 0; i < PIECES.length; i++) {
            tokens.add(PIECES[i].getBytes(StandardCharsets.UTF_8));
            scores.add(PIECE_SCORES[i]);
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        return SentencePieceBpe.fromLlama2c(null, tokens.toArray(byte[][]::new), s, 6);
    }

    /**
     * The same pieces in GGUF form: spaces as U+2581, and the byte tokens moved to the end (ids 14..269)
     * so that finding them by name, not by "byte + 3", is what is tested.
     */
    static final int G_BYTE0 = 14;

    static SentencePieceBpe gguf(boolean addSpacePrefix) throws ModelFormatException {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        List<Integer> types = new ArrayList<>(List.of(2, 3, 3));
        for (int i = 0; i < PIECES.length; i++) {
            tokens.add(PIECES[i].replace(' ', '\u2581'));
            scores.add(PIECE_SCORES[i]);
            types.add(1);
        }
        assertEquals(G_BYTE0, tokens.size());
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            scores.add(0f);
            types.add(6);
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        return SentencePieceBpe.fromGguf(null, tokens.toArray(String[]::new), s,
                types.stream().mapToInt(Integer::intValue).toArray(), 1, 2, 0, addSpacePrefix);
    }

    /** GGUF id of a piece: the pieces start at 3 there instead of 259. */
    private static int g(int llama2cId) {
        return llama2cId - SPACE + 3;
    }

    @Test
    void equalScoresMergeTheLeftmostPairThenLongerPiecesFollow() throws ModelFormatException {
        // " abc" -> [" ", a, b, c]. Pairs: " a" -5, "ab" -1, "bc" -1: "ab" and "bc" tie, the leftmost
        // ("ab") wins -> [" ", ab, c]. Pairs: " ab" -3, "abc" -2 -> "abc" -> [" ", abc]. " abc" is no token.
        assertArrayEquals(new int[] {1, SPACE, ABC}, llama2c().encode("abc", true, false));
    }

    @Test
    void higherScoreBeatsAnEarlierPair() throws ModelFormatException {
        // " aab" -> [" ", a, a, b]. Pairs: " a" -5, "aa" none, "ab" -1 -> "ab" although " a" is further left
        // -> [" ", a, ab]. Pairs: " a" -5, "aab" none -> " a" -> [" a", ab]. " aab" is no token.
        assertArrayEquals(new int[] {SPACE_A, AB}, llama2c().encode("aab", false, false));
    }

    @Test
    void codePointsOutsideTheVocabularyFallBackToByteTokens() throws ModelFormatException {
        // "€" is E2 82 AC and not a token: byte tokens 0xE2+3, 0x82+3, 0xAC+3. " " + "<0xE2>" is no token.
        assertArrayEquals(new int[] {SPACE, 0xE2 + 3, 0x82 + 3, 0xAC + 3}, llama2c().encode("€", false, false));
        // "é" (C3 A9) is a token: looked up as one code point.
        assertArrayEquals(new int[] {SPACE, E_ACUTE}, llama2c().encode("é", false, false));
    }

    @Test
    void emptyTextGetsNoSpacePrefix() throws ModelFormatException {
        assertArrayEquals(new int[] {1, 2}, llama2c().encode("", true, true));
    }

    @Test
    void ggufVocabularyWithSpaceMarkersAndBytesByNameGivesTheSameTokens() throws ModelFormatException {
        SentencePieceBpe tokenizer = gguf(true);
        assertArrayEquals(new int[] {1, g(SPACE), g(ABC)}, tokenizer.encode("abc", true, false));
        assertArrayEquals(new int[] {g(SPACE_A), g(AB)}, tokenizer.encode("aab", false, false));
        assertArrayEquals(new int[] {g(SPACE), G_BYTE0 + 0xE2, G_BYTE0 + 0x82, G_BYTE0 + 0xAC},
                tokenizer.encode("€", false, false));
        // An inner space is the "▁" token too: " ab" -> ["▁", a, b] then "ab" (-1) then "▁ab" (-3).
        assertArrayEquals(new int[] {g(SPACE), g(C), g(SPACE_AB)}, tokenizer.encode("c ab", false, false));
    }

    @Test
    void withoutSpacePrefixTheTextStartsAtItsFirstCharacter() throws ModelFormatException {
        // [a, b, c]: "ab" and "bc" tie at -1, leftmost wins -> [ab, c] -> "abc" (-2).
        assertArrayEquals(new int[] {g(ABC)}, gguf(false).encode("abc", false, false));
    }

    @Test
    void decodingDropsTheSpaceAfterBosOnlyAndControlTokensVanish() throws ModelFormatException {
        SentencePieceBpe tokenizer = llama2c();
        assertEquals("abc", tokenizer.decode(new int[] {1, SPACE_AB, C, 2}));
        assertEquals(" abc", tokenizer.decode(new int[] {SPACE_AB, C}));
        // run.c tests the raw piece for a leading ' '; a byte token "<0x20>" does not start with one.
        assertEquals(" a", tokenizer.decode(new int[] {1, 0x20 + 3, A}));
        assertEquals("ab", gguf(true).decode(new int[] {1, g(SPACE_AB)}));
        assertEquals("\uFFFD", tokenizer.decode(new int[] {0}));
    }

    @Test
    void tokenTextShowsTheVocabularyEntry() throws ModelFormatException {
        assertEquals(" ab", llama2c().tokenText(SPACE_AB));
        assertEquals("▁ab", gguf(true).tokenText(g(SPACE_AB)));
        assertEquals("<0xE2>", llama2c().tokenText(0xE2 + 3));
        assertThrows(IllegalArgumentException.class, () -> llama2c().tokenText(270));
    }

    @Test
    void decodeThenEncodeRoundTripsOnRandomText() throws ModelFormatException {
        // Characters in the vocabulary, ones that need byte fallback (2, 3 and 4 UTF-8 bytes), and spaces.
        String[] alphabet = {"a", "b", "c", "x", " ", "  ", "é", "€", "Ж", "😀", "\n", "ab"};
        Random random = new Random(20240601);
        for (SentencePieceBpe tokenizer : List.of(llama2c(), gguf(true))) {
            for (int trial = 0; trial < 300; trial++) {
                StringBuilder sb = new StringBuilder();
                int length = random.nextInt(25);
                for (int i = 0; i < length; i++) {
                    sb.append(alphabet[random.nextInt(alphabet.length)]);
                }
                String text = sb.toString();
                int[] ids = tokenizer.encode(text, true, false);
                assertEquals(text, tokenizer.decode(ids), "decode(encode(\"" + text + "\"))");
                assertArrayEquals(ids, tokenizer.encode(tokenizer.decode(ids), true, false),
                        "encode(decode(ids)) for \"" + text + "\"");
            }
        }
    }

    @Test
    void malformedVocabulariesAreReportedWithTheField() {
        String[] tokens = {"<unk>", "<s>", "</s>", "a"};
        ModelFormatException scores = assertThrows(ModelFormatException.class,
                () -> SentencePieceBpe.fromGguf(null, tokens, new float[3], null, 1, 2, 0, true));
        assertEquals("tokenizer.ggml.scores", scores.field());

        ModelFormatException bos = assertThrows(ModelFormatException.class,
                () -> SentencePieceBpe.fromGguf(null, tokens, new float[4], null, 9, 2, 0, true));
        assertEquals("tokenizer.ggml.bos_token_id", bos.field());

        ModelFormatException type = assertThrows(ModelFormatException.class,
                () -> SentencePieceBpe.fromGguf(null, tokens, new float[4], new int[] {2, 3, 3, 7}, 1, 2, 0, true));
        assertEquals("tokenizer.ggml.token_type[3]", type.field());

        ModelFormatException byteName = assertThrows(ModelFormatException.class,
                () -> SentencePieceBpe.fromGguf(null, tokens, new float[4], new int[] {2, 3, 3, 6}, 1, 2, 0, true));
        assertTrue(byteName.getMessage().contains("<0xXX>"), byteName.getMessage());

        ModelFormatException noFallback = assertThrows(ModelFormatException.class,
                () -> SentencePieceBpe.fromGguf(null, tokens, new float[4], null, 1, 2, -1, true));
        assertTrue(noFallback.getMessage().contains("unknown_token_id"), noFallback.getMessage());
    }

    @Test
    void llama2cVocabularyChecksSizeAndTokenLength() {
        byte[][] small = new byte[10][];
        for (int i = 0; i < small.length; i++) {
            small[i] = new byte[] {(byte) ('a' + i)};
        }
        assertThrows(ModelFormatException.class, () -> SentencePieceBpe.fromLlama2c(null, small, new float[10], 1));

        byte[][] tokens = new byte[259][];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = new byte[] {'t'};
        }
        tokens[5] = "long".getBytes(StandardCharsets.UTF_8);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> SentencePieceBpe.fromLlama2c(null, tokens, new float[259], 3));
        // Header int32, then five entries of (float, int32, 1 byte) before entry 5.
        assertEquals(4 + 5 * 9, e.offset());
        assertEquals("vocab[5]", e.field());
    }

    @Test
    void vocabularyWithoutByteTokensUsesOneUnknownPerCharacter() throws ModelFormatException {
        SentencePieceBpe tokenizer = SentencePieceBpe.fromGguf(null, new String[] {"<unk>", "<s>", "</s>", "▁", "a"},
                new float[5], new int[] {2, 3, 3, 1, 1}, 1, 2, 0, true);
        assertArrayEquals(new int[] {3, 4, 0, 4}, tokenizer.encode("a€a", false, false));
        assertThrows(IllegalArgumentException.class, () -> SentencePieceBpe.fromGguf(null,
                new String[] {"<unk>", "<s>", "▁"}, new float[3], null, 1, -1, 0, true).encode("a", false, true));
    }
}
