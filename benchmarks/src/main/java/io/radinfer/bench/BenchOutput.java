package io.radinfer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where benchmarks leave figures JMH's own result file has no column for (simulated figures, probe outcomes):
 * JSON files in {@code $RADINFER_BENCH_OUT} (default {@code bench-out} in the working directory). Forks inherit
 * the environment, so the scripts set the variable once for the whole run.
 */
public final class BenchOutput {
    public static final String ENV = "RADINFER_BENCH_OUT";

    private BenchOutput() {
    }

    /** The output directory. */
    public static Path dir() {
        String env = System.getenv(ENV);
        return Path.of(env != null && !env.isBlank() ? env : "bench-out");
    }

    /**
     * Records which kernels {@code bench} ran on ({@code $RADINFER_BENCH_OUT/kernels/BENCH.json}), so the report can
     * say it next to the figures.
     */
    public static void kernelsUsed(String bench, io.radinfer.kernels.ops.Kernels k) {
        write("kernels", bench + ".json", java.util.Map.of("kernels", k.name(), "vector_bits", k.vectorBits()));
    }

    /** Writes {@code value} as indented JSON to {@code dir()/sub/name}. */
    public static Path write(String sub, String name, Object value) {
        Path file = dir().resolve(sub).resolve(name);
        try {
            Files.createDirectories(file.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
