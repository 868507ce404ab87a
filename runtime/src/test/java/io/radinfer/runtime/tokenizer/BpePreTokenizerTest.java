package io.radinfer.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected pieces are worked out by hand from each pattern's alternatives, first match wins. */
class BpePreTokenizerTest {

    @Test
    void gpt2SplitsWordsWithTheirLeadingSpaceAndKeepsTheLastSpaceOfARunForTheNextWord() {
        // "  123": \s+(?!\S) backs off to one space so the other can lead " 123".
        assertEquals(List.of("Hello", " world", "'s", " ", " 123", "!!", "\n"),
                BpePreTokenizer.GPT2.split("Hello world's  123!!\n"));
    }

    @Test
    void qwen2TakesDigitsOneByOneAndGroupsNewlines() {
        // " 123": no alternative takes the space with a digit, so \s+ takes it alone; digits singly.
        // "\r\n\n  x": \s*[\r\n]+ takes "\r\n\n"; of "  " one space is left to lead " x".
        assertEquals(List.of("Hello", " world", "'S", " ", "1", "2", "3", " abc", "\r\n\n", " ", " x"),
                BpePreTokenizer.QWEN2.split("Hello world'S 123 abc\r\n\n  x"));
    }

    @Test
    void llama3GroupsDigitsByThree() {
        assertEquals(List.of("12345", " 678"), BpePreTokenizer.GPT2.split("12345 678"));
        assertEquals(List.of("123", "45", " ", "678"), BpePreTokenizer.LLAMA3.split("12345 678"));
    }

    @Test
    void smollmIsolatesEachDigitBeforeTheGpt2Pattern() {
        // First "\p{N}" cuts "a 12b" into "a ", "1", "2", "b"; then GPT-2's pattern splits "a " in two.
        assertEquals(List.of("a", " ", "1", "2", "b"), BpePreTokenizer.SMOLLM.split("a 12b"));
    }

    @Test
    void unicodeLettersDigitsAndSpacesAreRecognised() {
        // U+3000 (ideographic space) is Unicode White_Space; "日本" are letters; "٣" (U+0663) is a digit.
        assertEquals(List.of("日本", "\u3000", "٣"), BpePreTokenizer.QWEN2.split("日本\u3000٣"));
    }

    @Test
    void namesMapToPreTokenizers() {
        assertEquals(BpePreTokenizer.GPT2, BpePreTokenizer.forName("default"));
        assertEquals(BpePreTokenizer.LLAMA3, BpePreTokenizer.forName("llama-bpe"));
        assertNull(BpePreTokenizer.forName("falcon"));
    }
}
