package io.radinfer.runtime.builtin;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.sample.Samplers;
import io.radinfer.runtime.tokenizer.TokenDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltinModelTest {

    @Test
    void isWrittenOnceDeterministicallyAndSpeaksInWords(@TempDir Path a, @TempDir Path b) throws Exception {
        Path f1 = BuiltinModel.ensure(a);
        Path f2 = BuiltinModel.ensure(b);
        assertEquals(sha256(f1), sha256(f2), "the same seed gives the same bytes");
        long modified = Files.getLastModifiedTime(f1).toMillis();
        assertEquals(f1, BuiltinModel.ensure(a));
        assertEquals(modified, Files.getLastModifiedTime(f1).toMillis(), "a cached model is not rewritten");
        try (Model m = Model.load(f1); Session s = m.newSession(SessionOptions.defaults().withContextLength(64))) {
            assertEquals(BuiltinModel.CONFIG, m.config());
            int[] prompt = m.tokenizer().encode("once upon a time", true, false);
            assertEquals(m.bos(), prompt[0]);
            TokenDecoder dec = m.tokenizer().newDecoder();
            StringBuilder text = new StringBuilder();
            s.generate(prompt, 40, Samplers.runC(0.8f, 0.9f, 7, m.config().vocab()), (t, pos) -> {
                dec.next(t, text);
                return true;
            });
            dec.flush(text);
            assertTrue(text.toString().trim().split("\\s+").length > 5, "expected words, got: " + text);
        }
    }

    private static String sha256(Path p) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
