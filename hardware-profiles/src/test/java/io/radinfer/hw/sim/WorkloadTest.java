package io.radinfer.hw.sim;

import io.radinfer.runtime.model.OpKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadTest {
    private final ModelShape m = ModelShape.builtIn("llama-1b-q8_0");

    @Test
    void theBenchmarkShapeHasItsPublishedSize() {
        // PERFORMANCE.md: 953 M parameters, 966 MiB as Q8_0.
        assertEquals(953e6, m.parameters(), 2e6);
        assertEquals(966, m.weightBytes() / 1048576, 15);
    }

    @Test
    void aDecodeStepDoesTwoFlopsPerWeightAndStreamsEveryWeightOnce() {
        Workload w = Workload.decodeStep(m, 0);
        double matrixFlops = w.ops().stream().filter(o -> o.opClass() == OpClass.MATVEC).mapToDouble(Op::flops).sum();
        double matrixWeights = m.layers() * (double) m.layerWeights() + (double) m.vocab() * m.dim();
        assertEquals(2 * matrixWeights, matrixFlops, 1);
        assertEquals(m.weightBytes() - m.vocab() * m.dim() * m.bytesPerWeight(), w.bytes(), 0.01 * m.weightBytes());
        assertEquals(1, w.generatedTokens());
        assertEquals(OpKind.CLASSIFIER, w.ops().getLast().kind());
    }

    @Test
    void attentionGrowsWithThePosition() {
        double a0 = attention(Workload.decodeStep(m, 0));
        double a99 = attention(Workload.decodeStep(m, 99));
        assertEquals(100, a99 / a0, 1e-9);
    }

    @Test
    void aPrefillReadsTheWeightsOncePerChunkAndCountsCausalAttention() {
        Workload one = Workload.prefill(m, 64, 64);
        Workload two = Workload.prefill(m, 128, 64);
        double q1 = bytes(one, OpKind.Q);
        double q2 = bytes(two, OpKind.Q);
        assertEquals(2, q2 / q1, 0.01);
        double spans = 128 * 129 / 2.0;
        assertEquals(m.layers() * (4.0 * m.dim() * spans + 5.0 * m.heads() * spans), attention(two), 1);
        assertEquals(0, one.generatedTokens());
    }

    @Test
    void aRequestIsAPrefillAndItsDecodeSteps() {
        List<Workload> r = Workload.request(m, 32, 10, 64);
        assertEquals(11, r.size());
        assertEquals("decode@41", r.getLast().name());
        assertThrows(IllegalArgumentException.class, () -> Workload.request(ModelShape.builtIn("stories15m-q8_0"), 200, 100, 64));
    }

    private static double attention(Workload w) {
        return w.ops().stream().filter(o -> o.opClass() == OpClass.ATTENTION).mapToDouble(Op::flops).sum();
    }

    private static double bytes(Workload w, OpKind k) {
        assertTrue(w.ops().stream().anyMatch(o -> o.kind() == k));
        return w.ops().stream().filter(o -> o.kind() == k).mapToDouble(Op::bytes).sum();
    }
}
