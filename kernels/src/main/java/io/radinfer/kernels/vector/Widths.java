package io.radinfer.kernels.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The supported SIMD widths, the species of each, and the per-width copies of {@link WidthKernels}: the
 * Vector API intrinsics need every species to be a compile-time constant, so each width gets its own hidden
 * class of the same bytecode, whose {@code static final} species come from its class data (the width).
 */
final class Widths {
    static final VectorSpecies<Float> F512 = FloatVector.SPECIES_512;
    static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    static final VectorSpecies<Float> F128 = FloatVector.SPECIES_128;

    private Widths() {
    }

    /** The widest supported width not above {@code maxBits} (0 = the platform's preferred float width). */
    static int choose(int maxBits) {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        if (maxBits != 0 && maxBits != 128 && maxBits != 256 && maxBits != 512) {
            throw new IllegalArgumentException("vector width must be 0, 128, 256 or 512 bits, got " + maxBits);
        }
        int bits = maxBits == 0 ? preferred : Math.min(maxBits, preferred);
        if (bits < 128) {
            throw new IllegalStateException("the platform's preferred float vector is " + preferred
                    + " bits; the vector kernels need at least 128");
        }
        return bits;
    }

    private static final WidthOps[] OPS = new WidthOps[3];

    /** The kernel bodies at {@code bits} (128, 256 or 512), defined once per JVM and width. */
    static synchronized WidthOps ops(int bits) {
        int slot = Integer.numberOfTrailingZeros(bits) - 7;
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("vector width must be 128, 256 or 512 bits, got " + bits);
        }
        if (OPS[slot] == null) {
            try (InputStream in = WidthKernels.class.getResourceAsStream("WidthKernels.class")) {
                if (in == null) {
                    throw new IllegalStateException("class file of " + WidthKernels.class.getName() + " not found");
                }
                MethodHandles.Lookup hidden = MethodHandles.lookup()
                        .defineHiddenClassWithClassData(in.readAllBytes(), Integer.valueOf(bits), true);
                OPS[slot] = (WidthOps) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                        .invoke();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot define the " + bits + "-bit vector kernels: " + e, e);
            }
            if (OPS[slot].bits() != bits) {
                throw new IllegalStateException("the " + bits + "-bit vector kernels report " + OPS[slot].bits());
            }
        }
        return OPS[slot];
    }

    static VectorSpecies<Float> floats(int bits) {
        return switch (bits) {
            case 512 -> F512;
            case 256 -> F256;
            default -> F128;
        };
    }

    /** Ints of the same width as {@code fs}. */
    static VectorSpecies<Integer> ints(VectorSpecies<Float> fs) {
        return switch (fs.length()) {
            case 16 -> IntVector.SPECIES_512;
            case 8 -> IntVector.SPECIES_256;
            default -> IntVector.SPECIES_128;
        };
    }

    /** Shorts of the same width as {@code fs} (twice its lanes). */
    static VectorSpecies<Short> shorts(VectorSpecies<Float> fs) {
        return switch (fs.length()) {
            case 16 -> ShortVector.SPECIES_512;
            case 8 -> ShortVector.SPECIES_256;
            default -> ShortVector.SPECIES_128;
        };
    }

    /** Bytes with twice as many lanes as {@code fs} (half its width): one load widens to {@link #shorts}. */
    static VectorSpecies<Byte> bytesPerShort(VectorSpecies<Float> fs) {
        return switch (fs.length()) {
            case 16 -> ByteVector.SPECIES_256;
            case 8 -> ByteVector.SPECIES_128;
            default -> ByteVector.SPECIES_64;
        };
    }

    /** Shorts with as many lanes as {@code fs} (half its width). */
    static VectorSpecies<Short> shortsPerFloat(VectorSpecies<Float> fs) {
        return switch (fs.length()) {
            case 16 -> ShortVector.SPECIES_256;
            case 8 -> ShortVector.SPECIES_128;
            default -> ShortVector.SPECIES_64;
        };
    }

    /**
     * Bytes with as many lanes as {@code fs}, or (at 128 bits, where no 32-bit byte shape exists) the
     * 64-bit species with twice as many: then each load is converted in two parts.
     */
    static VectorSpecies<Byte> bytesPerFloat(VectorSpecies<Float> fs) {
        return switch (fs.length()) {
            case 16 -> ByteVector.SPECIES_128;
            case 8 -> ByteVector.SPECIES_64;
            default -> ByteVector.SPECIES_64;
        };
    }
}
