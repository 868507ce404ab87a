package io.radinfer.runtime;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the reference models in {@code ../shared} beside the project root, or skips the calling test. */
public final class SharedModels {

    private SharedModels() {
    }

    /**
     * The {@code ../shared/models/stories260K} directory; skips the test with a message saying why when it is
     * not there (a user's fresh clone has no {@code ../shared}; CI does).
     */
    public static Path stories260K() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        Path d = p == null ? null : p.resolveSibling("shared").resolve("models").resolve("stories260K");
        Assumptions.assumeTrue(d != null && Files.isRegularFile(d.resolve("stories260K.bin")),
                "../shared/models/stories260K is not here (a fresh clone has no ../shared); skipping");
        return d;
    }
}
