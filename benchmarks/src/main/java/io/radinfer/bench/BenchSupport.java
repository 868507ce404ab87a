package io.radinfer.bench;

import io.radinfer.kernels.ops.KernelProvider;
import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.quant.Codec;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;

/**
 * What the benchmarks share: the JVM flags their forks get, the kernel choice, the shapes and random weights.
 */
public final class BenchSupport {
    private BenchSupport() {
    }

    /**
     * The flags every fork gets on top of the host JVM's, the same as the parent pom's {@code radinfer.jvm.flags}
     * (a test keeps the two equal; annotations need a compile-time constant, so the pom cannot be read here).
     */
    public static final String ADD_MODULES = "--add-modules";
    public static final String VECTOR_MODULE = "jdk.incubator.vector";
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /** The matrix shapes of the issues, {@code rows x cols}: cache-resident here, then the two DRAM-bound ones. */
    public static final String SHAPE_SQUARE = "4096x4096";
    public static final String SHAPE_TALL = "11008x4096";
    public static final String SHAPE_WIDE = "4096x11008";

    /**
     * The kernels a benchmark runs: {@code auto} is what radinfer picks at start-up ({@link KernelProvider#kernels()},
     * the Vector API kernels when present), {@code scalar} forces the scalar reference twins.
     */
    public static Kernels kernels(String impl) {
        return switch (impl) {
            case "auto" -> KernelProvider.kernels();
            case "scalar" -> KernelProvider.choose("scalar", null).kernels();
            default -> throw new IllegalArgumentException("impl must be auto or scalar, got '" + impl + "'");
        };
    }

    /** {@code {rows, cols}} of a {@code "RxC"} shape. */
    public static int[] shape(String s) {
        String[] p = s.split("x");
        if (p.length != 2) {
            throw new IllegalArgumentException("shape must be ROWSxCOLS, got '" + s + "'");
        }
        return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
    }

    /** A {@code rows x cols} weight matrix of {@code type}, uniform random in [-1, 1) before rounding. */
    public static Tensor randomMatrix(GgmlType type, int rows, int cols, long seed, Arena arena) {
        Tensor t = Tensor.allocate("w", type, arena, cols, rows);
        float[] row = new float[cols];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int r = 0; r < rows; r++) {
            fill(row, rnd);
            Codec.quantizeRow(type, row, 0, cols, t.data(), r * t.rowBytes());
        }
        return t;
    }

    /** {@code n} random values in [-1, 1). */
    public static float[] randomVector(int n, long seed) {
        float[] v = new float[n];
        fill(v, new SplittableRandom(seed));
        return v;
    }

    private static void fill(float[] v, SplittableRandom rnd) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
    }

    /** Bytes of weights a {@code rows x cols} matrix of {@code type} streams per product. */
    public static long weightBytes(GgmlType type, int rows, int cols) {
        return rows * type.rowBytes(cols);
    }
}
