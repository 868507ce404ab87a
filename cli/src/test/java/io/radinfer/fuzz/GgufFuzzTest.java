package io.radinfer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.radinfer.runtime.LoadOptions;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.gguf.GgufFile;
import io.radinfer.runtime.gguf.GgufValue;
import io.radinfer.runtime.gguf.IntegrityCheck;
import io.radinfer.runtime.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the GGUF reader and the model loader behind it ({@code Model.load}): header, metadata, tensor infos,
 * the integrity record, the tokenizer built from the metadata, and, for files that load and are small, one forward
 * pass. The only allowed failure is a {@link ModelFormatException} (an {@code IntegrityException} is one); anything
 * else that escapes, a hang or an unbounded allocation is a finding. Seeds: {@code GgufFuzzTestInputs/load/}, files
 * written by radinfer's GgufWriter and its quantizer ({@code SeedCorpusWriter}).
 */
class GgufFuzzTest {
    private static final FuzzFiles FILES = new FuzzFiles("gguf");
    /** Models up to this many weight bytes also run a forward pass. */
    private static final long FORWARD_LIMIT = 1 << 20;

    @FuzzTest(maxDuration = "10m")
    void load(byte[] input) throws IOException {
        Path file = FILES.write("model.gguf", input);
        try (GgufFile g = GgufFile.open(file, IntegrityCheck.NONE)) {
            for (Map.Entry<String, GgufValue> e : g.metadata().entrySet()) {
                e.getValue().toString();
            }
            if (g.hasIntegrityRecord()) {
                g.verifyIntegrity();
            }
        } catch (ModelFormatException expected) {
            return;
        }
        // the record was checked above; skipping it here lets mutated seeds that carry one reach the loader
        try (Model m = Model.load(file, LoadOptions.defaults().withIntegrity(IntegrityCheck.NONE))) {
            if (m.tokenizer() != null) {
                int[] ids = m.tokenizer().encode("Once upon a time, caf\u00e9 \u65e5\u672c", m.addBos(), false);
                m.tokenizer().decode(ids);
            }
            if (m.weightBytes() <= FORWARD_LIMIT) {
                try (Session s = m.newSession(SessionOptions.defaults().withContextLength(4))) {
                    s.forward(Math.floorMod(m.bos(), m.config().vocab()));
                }
            }
        } catch (ModelFormatException expected) {
            // typed refusal
        }
    }

    /** The seeds are real models that load and run: the fuzzer starts from deep in the loader, not at the magic. */
    @Test
    void seedsLoadAndRun() throws Exception {
        Path dir = Path.of(GgufFuzzTest.class.getResource("GgufFuzzTestInputs/load").toURI());
        int n = 0;
        try (Stream<Path> files = java.nio.file.Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".gguf")).toList()) {
                try (Model m = Model.load(f, LoadOptions.defaults().withIntegrity(IntegrityCheck.IF_PRESENT));
                     Session s = m.newSession(SessionOptions.defaults().withContextLength(4))) {
                    assertTrue(m.tokenizer() != null, f + " has a tokenizer");
                    float[] logits = s.forward(m.bos());
                    assertEquals(m.config().vocab(), logits.length, f.toString());
                    n++;
                }
            }
        }
        assertTrue(n >= 5, "seed models found: " + n);
    }
}
