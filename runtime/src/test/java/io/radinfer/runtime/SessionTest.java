package io.radinfer.runtime;

import com.sun.management.ThreadMXBean;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.SyntheticModel;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTest {
    static final LlamaConfig GQA = new LlamaConfig("llama", 64, 96, 3, 8, 2, 100, 64, 1e-5f, 10000f, RopeLayout.ADJACENT, false);
    static final LlamaConfig QWEN = new LlamaConfig("qwen2", 64, 96, 2, 4, 2, 100, 64, 1e-6f, 1000000f, RopeLayout.NEOX, true);

    static Model synthetic(LlamaConfig c, GgmlType type) {
        Arena arena = Arena.ofShared();
        return Model.fromWeights(c, SyntheticModel.weights(c, type, 42, false, arena), 1, 2, arena::close);
    }

    @Test
    void prefillGivesTheLogitsOfTokenByTokenDecoding() throws Exception {
        int[] tokens = {1, 17, 42, 99, 3, 8, 61};
        for (LlamaConfig c : new LlamaConfig[] {GQA, QWEN}) {
            for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_0}) {
                try (Model m = synthetic(c, t);
                        Session batched = m.newSession(SessionOptions.defaults().withPrefillBatch(3));
                        Session single = m.newSession(SessionOptions.defaults())) {
                    float[] all = new float[tokens.length * c.vocab()];
                    batched.logits(tokens, all);
                    for (int i = 0; i < tokens.length; i++) {
                        float[] l = single.forward(tokens[i]);
                        for (int v = 0; v < c.vocab(); v++) {
                            assertEquals(l[v], all[i * c.vocab() + v], 1e-5f, c.architecture() + " " + t + " position " + i);
                        }
                    }
                    assertEquals(tokens.length, batched.position());
                }
            }
        }
    }

    @Test
    void twoThreadsGiveIdenticalLogits() throws Exception {
        int[] tokens = {1, 5, 9, 13};
        try (Model m = synthetic(GQA, GgmlType.Q8_0);
                Session a = m.newSession(SessionOptions.defaults());
                Session b = m.newSession(SessionOptions.defaults().withThreads(2))) {
            assertArrayEquals(a.prefill(tokens).clone(), b.prefill(tokens).clone());
        }
    }

    @Test
    void anF16CacheStaysWithinItsRoundingOfTheF32Cache() throws Exception {
        // f32 weights, so the only difference is the f16 rounding of K and V (relative 2^-11), which
        // three layers of unit-scale activations keep well below 1e-2 absolute.
        int[] tokens = {1, 5, 9, 13};
        try (Model m = synthetic(GQA, GgmlType.F32);
                Session a = m.newSession(SessionOptions.defaults());
                Session f16 = m.newSession(SessionOptions.defaults().withKvCacheType(GgmlType.F16))) {
            float[] la = a.prefill(tokens).clone();
            float[] lf = f16.prefill(tokens);
            for (int v = 0; v < GQA.vocab(); v++) {
                assertEquals(la[v], lf[v], 1e-2f);
            }
        }
    }

    @Test
    void decodingAllocatesNothingPerToken() throws Exception {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        LlamaConfig c = new LlamaConfig("llama", 64, 96, 2, 8, 4, 100, 512, 1e-5f, 10000f, RopeLayout.ADJACENT, false);
        try (Model m = synthetic(c, GgmlType.Q8_0); Session s = m.newSession(SessionOptions.defaults().withThreads(2))) {
            int token = 1;
            for (int i = 0; i < 3000; i++) {
                if (s.position() == 400) {
                    s.reset();
                }
                token = argmax(s.forward(token));
            }
            s.reset();
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                token = argmax(s.forward(token));
            }
            assertEquals(0, mx.getCurrentThreadAllocatedBytes() - before, "bytes allocated while decoding 100 tokens");
        }
    }

    @Test
    void badTokensAndOverlongInputsAreRejectedWithAClearMessage() throws Exception {
        try (Model m = synthetic(GQA, GgmlType.F32); Session s = m.newSession(SessionOptions.defaults().withContextLength(4))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.forward(100));
            assertTrue(e.getMessage().contains("token id 100 is outside the vocabulary 0..99"), e.getMessage());
            for (int i = 0; i < 4; i++) {
                s.forward(1);
            }
            e = assertThrows(IllegalArgumentException.class, () -> s.forward(1));
            assertTrue(e.getMessage().contains("exceed the context length 4"), e.getMessage());
        }
    }

    private static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) {
            if (l[i] > l[best]) {
                best = i;
            }
        }
        return best;
    }
}
