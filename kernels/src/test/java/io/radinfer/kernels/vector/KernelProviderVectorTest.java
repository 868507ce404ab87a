package io.radinfer.kernels.vector;

import io.radinfer.kernels.ops.KernelProvider;
import io.radinfer.kernels.ops.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider's choice where the vector module is present (the test JVM runs with it). */
class KernelProviderVectorTest {

    @Test
    void autoPicksTheVectorKernelsAtThePreferredWidth() {
        assertTrue(KernelProvider.vectorModulePresent());
        KernelProvider.Choice c = KernelProvider.choose("auto", null);
        VectorKernels v = assertInstanceOf(VectorKernels.class, c.kernels());
        assertEquals(FloatVector.SPECIES_PREFERRED.vectorBitSize(), v.vectorBits());
        assertTrue(c.reason().contains("Vector API"), c.reason());
    }

    @Test
    void explicitVectorHonoursTheWidthCap() {
        for (String bits : new String[] {"128", "256", "512"}) {
            int expect = Math.min(Integer.parseInt(bits), FloatVector.SPECIES_PREFERRED.vectorBitSize());
            assertEquals(expect, KernelProvider.choose("vector", bits).kernels().vectorBits());
        }
    }

    @Test
    void scalarWhenAskedFor() {
        assertInstanceOf(ScalarKernels.class, KernelProvider.choose("scalar", null).kernels());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.choose("fast", null));
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.choose("auto", "100"));
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.choose("vector", "wide"));
    }
}
