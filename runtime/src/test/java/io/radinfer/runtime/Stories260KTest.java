package io.radinfer.runtime;

import io.radinfer.runtime.sample.Samplers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * stories260K, a real trained llama2.c model, against the token ids and logits llama2.c's own run.c
 * produced (../shared/models/stories260K/README.md).
 */
class Stories260KTest {

    /** ../shared/models/stories260K from the project root, whichever module directory Maven runs in. */
    static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        Path d = p == null ? null : p.resolveSibling("shared").resolve("models").resolve("stories260K");
        Assumptions.assumeTrue(d != null && Files.isRegularFile(d.resolve("stories260K.bin")),
                "../shared/models/stories260K is not here (a fresh clone has no ../shared); skipping the run.c reference checks");
        return d;
    }

    static int[] ids(Path f) throws IOException {
        return Files.readAllLines(f).stream().filter(s -> !s.isBlank()).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }

    static int[] generate(Model m, float temperature, float topp, long seed, SessionOptions opts) {
        try (Session s = m.newSession(opts)) {
            List<Integer> out = new ArrayList<>();
            s.generate(new int[] {m.bos()}, 256, Samplers.runC(temperature, topp, seed, m.config().vocab()), (t, pos) -> {
                out.add(t);
                return true;
            });
            return out.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    @Test
    void greedyDecodingReproducesRunC() throws IOException {
        Path d = dir();
        try (Model m = Model.load(d.resolve("stories260K.bin"))) {
            assertEquals("llama2c", m.format());
            assertArrayEquals(ids(d.resolve("greedy-from-bos.ids")), generate(m, 0f, 0.9f, 42, SessionOptions.defaults()));
            assertArrayEquals(ids(d.resolve("greedy-from-bos.ids")),
                    generate(m, 0f, 0.9f, 42, SessionOptions.defaults().withThreads(2)), "two threads");
        }
    }

    @Test
    void seededSamplingReproducesRunC() throws IOException {
        Path d = dir();
        try (Model m = Model.load(d.resolve("stories260K.bin"))) {
            assertArrayEquals(ids(d.resolve("t1.0-p0.9-seed42.ids")), generate(m, 1.0f, 0.9f, 42, SessionOptions.defaults()));
            assertArrayEquals(ids(d.resolve("t0.8-p1.0-seed7.ids")), generate(m, 0.8f, 1.0f, 7, SessionOptions.defaults()));
        }
    }

    @Test
    void logitsMatchRunCWithinTheStatedTolerance() throws IOException {
        Path d = dir();
        int[] greedy = ids(d.resolve("greedy-from-bos.ids"));
        int[] prompt = new int[16];
        prompt[0] = 1;
        System.arraycopy(greedy, 0, prompt, 1, 15);
        ByteBuffer ref = ByteBuffer.wrap(Files.readAllBytes(d.resolve("greedy-from-bos.logits-f32le"))).order(ByteOrder.LITTLE_ENDIAN);
        try (Model m = Model.load(d.resolve("stories260K.bin")); Session s = m.newSession(SessionOptions.defaults())) {
            int vocab = m.config().vocab();
            float[] out = new float[16 * vocab];
            s.logits(prompt, out);
            double worst = 0;
            for (int i = 0; i < out.length; i++) {
                worst = Math.max(worst, Math.abs(out[i] - ref.getFloat(4 * i)));
            }
            assertEquals(0, worst, 1e-4, "largest absolute difference from run.c's logits");
        }
    }
}
