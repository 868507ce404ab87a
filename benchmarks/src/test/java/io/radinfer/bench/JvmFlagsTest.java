package io.radinfer.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmFlagsTest {

    /** The forks' flags are compile-time constants (annotations need them); the parent pom is where they live. */
    @Test
    void forkFlagsAreTheParentPomsJvmFlags() throws Exception {
        Path pom = Path.of("..", "pom.xml");
        assertTrue(Files.isRegularFile(pom), "run from the benchmarks module directory: " + pom.toAbsolutePath());
        Matcher m = Pattern.compile("<radinfer.jvm.flags>(.*)</radinfer.jvm.flags>").matcher(Files.readString(pom));
        assertTrue(m.find(), "the parent pom defines radinfer.jvm.flags");
        List<String> pomFlags = Arrays.asList(m.group(1).trim().split("\\s+"));
        assertEquals(pomFlags, List.of(BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS),
                "BenchSupport's fork flags must equal the parent pom's radinfer.jvm.flags");
    }
}
