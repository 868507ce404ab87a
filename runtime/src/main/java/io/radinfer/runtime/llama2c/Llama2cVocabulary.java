package io.radinfer.runtime.llama2c;

import io.radinfer.runtime.model.ModelFormatException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The contents of a llama2.c {@code tokenizer.bin} (as written by llama2.c tokenizer.py and read by run.c
 * {@code build_tokenizer}): a little-endian int32 max_token_length, then for each of vocab_size tokens a float32
 * score, an int32 byte length and that many bytes. The file does not store vocab_size; it comes from the
 * checkpoint ({@link Llama2cConfig#vocabSize()}).
 *
 * <p>Token bytes are kept exactly ({@link #tokenBytes(int)}); {@link #token(int)} is the same bytes decoded as UTF-8
 * with malformed sequences replaced by U+FFFD, for display and for tokenizers that work on strings. This class only
 * reads the file; encoding and decoding text is the tokenizer's job. Immutable.
 *
 * <pre>{@code
 * Llama2cVocabulary vocab = Llama2cVocabulary.read(Path.of("tokenizer.bin"), ckpt.config().vocabSize());
 * String t = vocab.token(1);
 * }</pre>
 */
public final class Llama2cVocabulary {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Score and length before each token's bytes. */
    private static final int ENTRY_HEADER_BYTES = 8;

    private final int maxTokenLength;
    private final byte[][] bytes;
    private final String[] tokens;
    private final float[] scores;

    private Llama2cVocabulary(int maxTokenLength, byte[][] bytes, String[] tokens, float[] scores) {
        this.maxTokenLength = maxTokenLength;
        this.bytes = bytes;
        this.tokens = tokens;
        this.scores = scores;
    }

    /**
     * Reads {@code vocabSize} tokens from {@code path}, checking every length against max_token_length and the bytes
     * left, and that the file ends right after the last token.
     *
     * @throws ModelFormatException if the file is truncated, a length is negative or above max_token_length, or bytes
     *     are left over (the tokenizer is for a model with a larger vocabulary)
     * @throws IllegalArgumentException if {@code vocabSize} is not positive
     */
    public static Llama2cVocabulary read(Path path, int vocabSize) throws IOException {
        if (vocabSize <= 0) {
            throw new IllegalArgumentException("vocabSize must be positive, got " + vocabSize);
        }
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return parse(path, file, vocabSize);
        }
    }

    private static Llama2cVocabulary parse(Path path, MemorySegment file, int vocabSize) throws ModelFormatException {
        long size = file.byteSize();
        if (size < Integer.BYTES) {
            throw new ModelFormatException(path, 0, "max_token_length", "the file has " + size
                    + " bytes, too few for the header; it is truncated or not a llama2.c tokenizer");
        }
        int maxLen = file.get(I32, 0);
        if (maxLen <= 0) {
            throw new ModelFormatException(path, 0, "max_token_length", "is " + maxLen + "; it must be positive");
        }
        long fit = (size - Integer.BYTES) / ENTRY_HEADER_BYTES;
        if (vocabSize > fit) {
            throw new ModelFormatException(path, Integer.BYTES, "tokens", "the file has room for at most " + fit
                    + " tokens, the model's vocabulary has " + vocabSize + "; the file is truncated or belongs to another model");
        }
        byte[][] bytes = new byte[vocabSize][];
        String[] tokens = new String[vocabSize];
        float[] scores = new float[vocabSize];
        long pos = Integer.BYTES;
        for (int i = 0; i < vocabSize; i++) {
            if (size - pos < ENTRY_HEADER_BYTES) {
                throw new ModelFormatException(path, pos, "tokens[" + i + "]", "the file ends before token " + i
                        + " of " + vocabSize + "; it is truncated or belongs to a model with a smaller vocabulary");
            }
            scores[i] = file.get(F32, pos);
            int len = file.get(I32, pos + 4);
            if (len < 0 || len > maxLen) {
                throw new ModelFormatException(path, pos + 4, "tokens[" + i + "].len", "token length " + len
                        + " is outside 0.." + maxLen + " (max_token_length)");
            }
            pos += ENTRY_HEADER_BYTES;
            if (len > size - pos) {
                throw new ModelFormatException(path, pos - 4, "tokens[" + i + "].len", "token of " + len
                        + " bytes runs past the end of the file (" + (size - pos) + " bytes left); the file is truncated");
            }
            bytes[i] = file.asSlice(pos, len).toArray(ValueLayout.JAVA_BYTE);
            tokens[i] = new String(bytes[i], StandardCharsets.UTF_8);
            pos += len;
        }
        if (pos != size) {
            throw new ModelFormatException(path, pos, "end of file", (size - pos) + " bytes follow the last of the "
                    + vocabSize + " tokens; the tokenizer belongs to a model with a larger vocabulary, or the file is corrupt");
        }
        return new Llama2cVocabulary(maxLen, bytes, tokens, scores);
    }

    /** The longest token in bytes, as the file declares it. */
    public int maxTokenLength() {
        return maxTokenLength;
    }

    /** Number of tokens. */
    public int size() {
        return tokens.length;
    }

    /** Token {@code id} decoded as UTF-8 (malformed bytes replaced by U+FFFD). */
    public String token(int id) {
        return tokens[id];
    }

    /** A copy of the exact bytes of token {@code id}. */
    public byte[] tokenBytes(int id) {
        return bytes[id].clone();
    }

    /** The merge score of token {@code id}. */
    public float score(int id) {
        return scores[id];
    }

    /** A copy of all scores, indexed by token id. */
    public float[] scores() {
        return scores.clone();
    }
}
