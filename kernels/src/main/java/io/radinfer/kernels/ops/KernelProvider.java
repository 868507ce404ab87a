package io.radinfer.kernels.ops;

import java.lang.System.Logger.Level;

/**
 * Picks the kernels once per JVM: the Vector API kernels ({@code io.radinfer.kernels.vector.VectorKernels})
 * when the {@code jdk.incubator.vector} module is present and the class loads, otherwise the scalar
 * reference. The choice and its reason are logged once through {@link System.Logger}.
 *
 * <p>System properties: {@code radinfer.kernels} = {@code auto} (default), {@code vector} (fail if the
 * vector kernels cannot be used) or {@code scalar}; {@code radinfer.vector.bits} = {@code 128}, {@code 256}
 * or {@code 512} caps the SIMD width (default: the platform's preferred width).
 */
public final class KernelProvider {

    /** Class name of the Vector API kernels, loaded reflectively so the module can be absent. */
    public static final String VECTOR_CLASS = "io.radinfer.kernels.vector.VectorKernels";

    private static final System.Logger LOG = System.getLogger("io.radinfer.kernels");

    private KernelProvider() {
    }

    /** A choice of kernels and why it was made. */
    public record Choice(Kernels kernels, String reason) {
    }

    private static final class Holder {
        static final Choice CHOICE = choose(System.getProperty("radinfer.kernels", "auto"),
                System.getProperty("radinfer.vector.bits"));

        static {
            LOG.log(Level.INFO, "radinfer kernels: {0} ({1})", CHOICE.kernels().name(), CHOICE.reason());
        }
    }

    /** The kernels picked for this JVM (chosen on first call). */
    public static Kernels kernels() {
        return Holder.CHOICE.kernels();
    }

    /** The kernels picked for this JVM and the reason. */
    public static Choice choice() {
        return Holder.CHOICE;
    }

    /** Whether {@code jdk.incubator.vector} is in the boot layer (i.e. the JVM got {@code --add-modules}). */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * Makes a choice from explicit settings (what {@link #kernels()} does with the system properties).
     *
     * @param mode {@code auto}, {@code vector} or {@code scalar}
     * @param bits {@code null} for the preferred width, else {@code 128}, {@code 256} or {@code 512}
     * @throws IllegalArgumentException for an unknown mode or width, or {@code vector} when it cannot load
     */
    public static Choice choose(String mode, String bits) {
        switch (mode) {
            case "scalar":
                return new Choice(new ScalarKernels(), "radinfer.kernels=scalar");
            case "auto":
            case "vector":
                break;
            default:
                throw new IllegalArgumentException(
                        "radinfer.kernels must be auto, vector or scalar, got '" + mode + "'");
        }
        int maxBits = 0;
        if (bits != null) {
            try {
                maxBits = Integer.parseInt(bits.trim());
            } catch (NumberFormatException e) {
                maxBits = -1;
            }
            if (maxBits != 128 && maxBits != 256 && maxBits != 512) {
                throw new IllegalArgumentException(
                        "radinfer.vector.bits must be 128, 256 or 512, got '" + bits + "'");
            }
        }
        String why;
        if (!vectorModulePresent()) {
            why = "module jdk.incubator.vector not present (run with --add-modules jdk.incubator.vector)";
        } else {
            try {
                Class<?> c = Class.forName(VECTOR_CLASS);
                Kernels k = (Kernels) c.getConstructor(int.class).newInstance(maxBits);
                return new Choice(k, "Vector API, " + k.vectorBits() + "-bit float species"
                        + (maxBits > 0 ? " (capped by radinfer.vector.bits=" + maxBits + ")" : ""));
            } catch (ReflectiveOperationException | LinkageError e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite
                        && ite.getCause() != null ? ite.getCause() : e;
                why = "vector kernels unavailable: " + cause;
            }
        }
        if (mode.equals("vector")) {
            throw new IllegalArgumentException("radinfer.kernels=vector but " + why);
        }
        return new Choice(new ScalarKernels(), "scalar fallback: " + why);
    }
}
