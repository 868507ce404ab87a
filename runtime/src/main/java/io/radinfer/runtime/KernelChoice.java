package io.radinfer.runtime;

import io.radinfer.kernels.ops.KernelProvider;
import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.ScalarKernels;

import java.util.Locale;

/**
 * Which kernels a model's sessions compute with ({@link LoadOptions#kernels()}).
 *
 * <ul>
 * <li>{@link #AUTO} (the default): GGUF files and in-memory models use {@link KernelProvider#kernels()} (the
 * Vector API kernels when {@code jdk.incubator.vector} is present, unless the system property
 * {@code radinfer.kernels=scalar}); llama2.c checkpoints use {@link ScalarKernels}, because llama2.c's
 * reference is run.c and only the scalar kernels reproduce its logits bit for bit (and so its seeded
 * samples).</li>
 * <li>{@link #VECTOR}: the Vector API kernels for every format (width capped by {@code radinfer.vector.bits});
 * fails if they cannot be loaded.</li>
 * <li>{@link #SCALAR}: the scalar reference kernels for every format.</li>
 * </ul>
 */
public enum KernelChoice {
    AUTO, VECTOR, SCALAR;

    /** {@code auto}, {@code vector} or {@code scalar}, any case. */
    public static KernelChoice parse(String s) {
        return switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "vector" -> VECTOR;
            case "scalar" -> SCALAR;
            default -> throw new IllegalArgumentException("kernels must be auto, vector or scalar, got '" + s + "'");
        };
    }

    /**
     * The kernels for a model of {@code format} ({@code gguf}, {@code llama2c} or {@code memory}).
     *
     * @throws IllegalArgumentException for {@link #VECTOR} when the Vector API kernels cannot be loaded
     */
    Kernels kernelsFor(String format) {
        return switch (this) {
            case SCALAR -> new ScalarKernels();
            case VECTOR -> {
                Kernels k = KernelProvider.kernels();
                yield k.vectorBits() > 0 ? k
                        : KernelProvider.choose("vector", System.getProperty("radinfer.vector.bits")).kernels();
            }
            case AUTO -> format.equals("llama2c") ? new ScalarKernels() : KernelProvider.kernels();
        };
    }
}
