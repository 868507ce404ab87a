package io.radinfer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.llama2c.Llama2cVocabulary;
import io.radinfer.runtime.model.ModelFormatException;
import io.radinfer.runtime.tokenizer.SentencePieceBpe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fuzzes the llama2.c readers: the checkpoint (header, array layout, size check, then the loader and, for small
 * models, one forward pass) and {@code tokenizer.bin} (then the SentencePiece tokenizer built from it). The only
 * allowed failure is a {@link ModelFormatException}. Seeds: {@code Llama2cFuzzTestInputs/<method>/}.
 */
class Llama2cFuzzTest {
    private static final FuzzFiles FILES = new FuzzFiles("llama2c");
    private static final long FORWARD_LIMIT = 1 << 20;

    /** The input is a whole checkpoint file (no tokenizer.bin next to it). */
    @FuzzTest(maxDuration = "10m")
    void checkpoint(byte[] input) throws IOException {
        if (input.length >= 4 && input[0] == 'G' && input[1] == 'G' && input[2] == 'U' && input[3] == 'F') {
            return; // Model.load hands these to the GGUF reader, fuzzed by GgufFuzzTest
        }
        Path file = FILES.write("model.bin", input);
        try (Model m = Model.load(file)) {
            if (m.weightBytes() <= FORWARD_LIMIT) {
                try (Session s = m.newSession(SessionOptions.defaults().withContextLength(4))) {
                    s.forward(1 % m.config().vocab());
                }
            }
        } catch (ModelFormatException expected) {
            // typed refusal
        }
    }

    /**
     * The input is a tokenizer.bin followed by 4 bytes: the vocabulary size the checkpoint would give (little-endian,
     * sign bit ignored, at least 1).
     */
    @FuzzTest(maxDuration = "10m")
    void tokenizer(byte[] input) throws IOException {
        if (input.length < 4) {
            return;
        }
        int n = input.length - 4;
        int vocab = Math.max(1, ByteBuffer.wrap(input, n, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & Integer.MAX_VALUE);
        Path file = FILES.write("tokenizer.bin", Arrays.copyOf(input, n));
        try {
            Llama2cVocabulary v = Llama2cVocabulary.read(file, vocab);
            byte[][] bytes = new byte[v.size()][];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = v.tokenBytes(i);
            }
            SentencePieceBpe tok = SentencePieceBpe.fromLlama2c(file, bytes, v.scores(), v.maxTokenLength());
            int[] ids = tok.encode("Once upon a time, caf\u00e9 \u65e5\u672c \uD83D\uDE00", true, false);
            tok.decode(ids);
        } catch (ModelFormatException expected) {
            // typed refusal
        }
    }

    /**
     * The real trained checkpoint, from ../shared when present (it is not copied into the project): it goes through
     * the fuzz target's code path and loads.
     */
    @Test
    void stories260KThroughTheTarget() throws IOException {
        Path real = Path.of("../../shared/models/stories260K/stories260K.bin");
        if (!Files.isRegularFile(real)) {
            real = Path.of("../shared/models/stories260K/stories260K.bin");
        }
        assumeTrue(Files.isRegularFile(real), "stories260K not present (../shared/models/stories260K); skipped");
        byte[] bytes = Files.readAllBytes(real);
        checkpoint(bytes);
        try (Model m = Model.load(FILES.write("model.bin", bytes))) {
            assertEquals(512, m.config().vocab());
        }
    }
}
