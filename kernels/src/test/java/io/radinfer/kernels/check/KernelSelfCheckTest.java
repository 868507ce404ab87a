package io.radinfer.kernels.check;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.vector.VectorKernels;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelSelfCheckTest {

    @Test
    void vectorKernelsPassOneRound() {
        KernelSelfCheck.Report r = new KernelSelfCheck(new VectorKernels(0)).run(0, 7);
        assertTrue(r.passed(), r.table());
        assertTrue(r.results().stream().anyMatch(x -> x.op().equals("attention")));
        assertTrue(r.results().stream().anyMatch(x -> x.op().equals("quantizeQ8")));
    }

    @Test
    void aKernelOffByOneUlpInAnExactOpFails() {
        Kernels good = new VectorKernels(0);
        Kernels bad = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, m, args) -> {
                    try {
                        Object out = m.invoke(good, args);
                        if (m.getName().equals("add")) {
                            float[] x = (float[]) args[0];
                            x[0] = Math.nextUp(x[0]);
                        }
                        return out;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        KernelSelfCheck.Report r = new KernelSelfCheck(bad).run(0, 7);
        assertFalse(r.passed());
        assertTrue(r.results().stream().anyMatch(x -> x.op().equals("add") && !x.passed()), r.table());
        assertTrue(r.results().stream().anyMatch(x -> x.op().equals("dot") && x.passed()), r.table());
    }

    @Test
    void rejectsABadBudget() {
        assertThrows(IllegalArgumentException.class, () -> new KernelSelfCheck(new VectorKernels(0)).run(-1, 1));
    }
}
