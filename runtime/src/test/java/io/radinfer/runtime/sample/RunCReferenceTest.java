package io.radinfer.runtime.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the samplers against llama2.c run.c's own choices on stories260K, using the reference logits of
 * the greedy run (positions 0..15). A sampled run sees the same logits as the greedy run for as long as it
 * has chosen the same tokens, so each seeded reference can be checked up to and including its first
 * token that differs from the greedy one.
 */
class RunCReferenceTest {
    private static final int VOCAB = 512;
    private static final int POSITIONS = 16;

    private static Path modelDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assumeTrue(dir != null, "project root (directory with mvnw) not found above " + Path.of("").toAbsolutePath());
        Path models = dir.resolveSibling("shared").resolve("models").resolve("stories260K");
        assumeTrue(Files.isDirectory(models), "skipped: reference data " + models + " is absent (a fresh clone has no "
                + "../shared); CI provides it");
        return models;
    }

    private static float[][] greedyLogits(Path dir) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("greedy-from-bos.logits-f32le")))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(POSITIONS * VOCAB * 4, bytes.capacity(), "reference logits file size");
        float[][] rows = new float[POSITIONS][VOCAB];
        for (float[] row : rows) {
            bytes.asFloatBuffer().get(row);
            bytes.position(bytes.position() + VOCAB * 4);
        }
        return rows;
    }

    private static int[] ids(Path dir, String name) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(name));
        return lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> Integer.parseInt(l.trim())).toArray();
    }

    @Test
    void greedyPicksTheReferenceTokensAtAllSixteenPositions() throws IOException {
        Path dir = modelDir();
        float[][] logits = greedyLogits(dir);
        int[] greedy = ids(dir, "greedy-from-bos.ids");
        Sampler sampler = Samplers.runC(0.0f, 0.9f, 1L, VOCAB);
        for (int pos = 0; pos < POSITIONS; pos++) {
            assertEquals(greedy[pos], sampler.sample(logits[pos].clone(), VOCAB), "position " + pos);
        }
    }

    @Test
    void plainSamplingAtTemperature08Seed7MatchesRunC() throws IOException {
        assertEquals(3, checkSeededRun(Samplers.runC(0.8f, 1.0f, 7L, VOCAB), "t0.8-p1.0-seed7.ids"),
                "positions checked (the reference run leaves the greedy path at position 2)");
    }

    @Test
    void topPSamplingAtTemperature1P09Seed42MatchesRunC() throws IOException {
        assertEquals(1, checkSeededRun(Samplers.runC(1.0f, 0.9f, 42L, VOCAB), "t1.0-p0.9-seed42.ids"),
                "positions checked (the reference run leaves the greedy path at position 0)");
    }

    /** Returns how many positions were compared. */
    private static int checkSeededRun(Sampler sampler, String reference) throws IOException {
        Path dir = modelDir();
        float[][] logits = greedyLogits(dir);
        int[] greedy = ids(dir, "greedy-from-bos.ids");
        int[] expected = ids(dir, reference);
        int checked = 0;
        for (int pos = 0; pos < POSITIONS; pos++) {
            assertEquals(expected[pos], sampler.sample(logits[pos].clone(), VOCAB), reference + " position " + pos);
            checked++;
            if (expected[pos] != greedy[pos]) {
                break; // later positions saw other tokens than the greedy run, so its logits no longer apply
            }
        }
        return checked;
    }
}
