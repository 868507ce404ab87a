package io.radinfer.runtime.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radinfer.runtime.model.ModelFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Llama2cVocabularyTest {
    @TempDir
    Path dir;

    /** tokenizer.bin bytes: max_token_length, then (score, len, bytes) per token, as llama2.c tokenizer.py writes. */
    private static final class TokenizerBytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        TokenizerBytes i32(int v) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
            return this;
        }

        TokenizerBytes token(float score, byte[] bytes) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(score).array());
            return i32(bytes.length).raw(bytes);
        }

        TokenizerBytes token(float score, String s) {
            return token(score, s.getBytes(StandardCharsets.UTF_8));
        }

        TokenizerBytes raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Path write(Path file) throws IOException {
            return Files.write(file, out.toByteArray());
        }
    }

    private static TokenizerBytes threeTokens() {
        return new TokenizerBytes().i32(6).token(0f, "<unk>").token(-1.5f, " the").token(-2f, new byte[] {(byte) 0xE6, (byte) 0x97});
    }

    @Test
    void readsTokensScoresAndExactBytes() throws Exception {
        Llama2cVocabulary v = Llama2cVocabulary.read(threeTokens().write(dir.resolve("tokenizer.bin")), 3);
        assertEquals(6, v.maxTokenLength());
        assertEquals(3, v.size());
        assertEquals("<unk>", v.token(0));
        assertEquals(" the", v.token(1));
        assertEquals(-1.5f, v.score(1));
        assertArrayEquals(new float[] {0f, -1.5f, -2f}, v.scores());
        assertArrayEquals(new byte[] {(byte) 0xE6, (byte) 0x97}, v.tokenBytes(2), "a partial UTF-8 sequence keeps its bytes");
        assertTrue(v.token(2).contains("\uFFFD"), "and decodes with a replacement character");
    }

    private ModelFormatException refused(TokenizerBytes bytes, int vocabSize, String field) throws IOException {
        Path file = bytes.write(dir.resolve("bad.bin"));
        ModelFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(ModelFormatException.class, () -> Llama2cVocabulary.read(file, vocabSize)));
        assertEquals(field, e.field(), e.getMessage());
        return e;
    }

    @Test
    void negativeLength() throws Exception {
        refused(new TokenizerBytes().i32(6).token(0f, "a").i32(0).i32(-1), 2, "tokens[1].len");
    }

    @Test
    void lengthAboveMaxTokenLength() throws Exception {
        refused(new TokenizerBytes().i32(3).token(0f, "a").token(0f, "abcd"), 2, "tokens[1].len");
    }

    @Test
    void tokenPastTheEndOfTheFile() throws Exception {
        refused(new TokenizerBytes().i32(6).token(0f, "a").i32(0).i32(5).raw("ab".getBytes()), 2, "tokens[1].len");
    }

    @Test
    void fewerTokensThanTheModelHas() throws Exception {
        refused(threeTokens().i32(0).i32(3), 4, "tokens[3].len");
        refused(threeTokens(), 4, "tokens[3]");
        refused(threeTokens(), 1 << 30, "tokens");
    }

    @Test
    void moreTokensThanTheModelHas() throws Exception {
        refused(threeTokens(), 2, "end of file");
    }

    @Test
    void badMaxTokenLength() throws Exception {
        refused(new TokenizerBytes().i32(0), 1, "max_token_length");
        refused(new TokenizerBytes(), 1, "max_token_length");
    }
}
