package io.radinfer.runtime.protect;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.SessionStats;
import io.radinfer.runtime.inject.FaultInjector;
import io.radinfer.runtime.model.OpKind;
import io.radinfer.runtime.protect.ProtectionTest.Once;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults in the batched (prompt) passes, and repairs that recompute earlier positions: the corrected logits
 * must equal the fault-free ones bit for bit, not merely pick the same token, because on a real model a
 * last-bit difference flips a near-tie later in the generation.
 */
class BatchedPassProtectionTest {
    static final int[] PROMPT = {1, 17, 42, 5, 63, 9};
    static final int DECODED = 6;

    /** The logits after the prompt and after each of {@link #DECODED} fed tokens, copied. */
    static List<float[]> run(Model m, SessionOptions o, SessionStats[] statsOut) {
        List<float[]> out = new ArrayList<>();
        try (Session s = m.newSession(o)) {
            out.add(s.prefill(PROMPT).clone());
            int token = 3;
            for (int i = 0; i < DECODED; i++) {
                out.add(s.forward(token).clone());
                token = (token * 31 + 7) % ProtectionTest.C.vocab();
            }
            statsOut[0] = s.stats();
        }
        return out;
    }

    static void assertBitwiseEqual(List<float[]> expected, List<float[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i);
            float[] a = actual.get(i);
            for (int j = 0; j < e.length; j++) {
                if (Float.floatToRawIntBits(e[j]) != Float.floatToRawIntBits(a[j])) {
                    throw new AssertionError(what + ": logits " + i + " differ at " + j + " (" + e[j] + " vs " + a[j] + ")");
                }
            }
        }
    }

    /** An upset in row {@code row} of an op's batched output, after it was accepted and before it is read. */
    static Once rowAtRest(int layer, OpKind op, int row, int width) {
        return new Once(0, layer, op, 0, null, null, s -> s.flipOutputBit(row * width + 5, 29));
    }

    @Test
    void anUpsetInOneRowOfABatchedActivationIsCaught() {
        // The batched producers (the projections, the residual adds, SwiGLU) write all rows at once, and the
        // per-position consumers (RoPE, attention, the norms) read one row each: the guard must cover each row.
        int dim = ProtectionTest.C.dim();
        int kvDim = ProtectionTest.C.kvDim();
        int hidden = ProtectionTest.C.hiddenDim();
        try (Model m = ProtectionTest.model(GgmlType.Q8_0)) {
            SessionStats[] st = new SessionStats[1];
            List<float[]> ref = run(m, SessionOptions.defaults(), st);
            for (ProtectionPreset p : ProtectionTest.PROTECTED) {
                Once[] faults = {
                    rowAtRest(1, OpKind.Q, 3, dim),
                    rowAtRest(0, OpKind.K, 4, kvDim),
                    rowAtRest(2, OpKind.V, 5, kvDim),
                    rowAtRest(0, OpKind.ATTN_RESIDUAL, 4, dim),
                    rowAtRest(1, OpKind.FFN_RESIDUAL, 2, dim),
                    rowAtRest(2, OpKind.SWIGLU, 1, hidden),
                };
                for (Once f : faults) {
                    String what = p + " " + f.op + " layer " + f.layer;
                    List<float[]> got = run(m, SessionOptions.defaults().withProtection(p).withInjector(f), st);
                    assertTrue(f.fired, what + ": the fault never fired");
                    assertTrue(st[0].detected() > 0, what + " went unseen: " + st[0].protectionSummary());
                    assertBitwiseEqual(ref, got, what);
                }
            }
        }
    }

    /** Flips a key of {@code layer} at {@code position} before the pass at {@code when}. */
    static Once keyFlip(int when, int layer, int position) {
        return new Once(when, -1, null, 0, mem -> {
            MemorySegment keys = mem.cache().keys();
            long idx = mem.cache().index(layer, position, 3);
            int bits = keys.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, idx);
            keys.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, idx, bits ^ (1 << 29));
        }, null, null);
    }

    @Test
    void aKvUpsetIsNotTakenInWhenAnotherUpsetForcesTheSameStepAgain() {
        // Layer 1 writes this step's keys, then its attention finds the query upset at rest and the step is
        // replayed; rewriting the step's keys recounts the running sums from the positions before it, and
        // must not take in the key that was hit at rest in the meantime (it must verify them first).
        try (Model m = ProtectionTest.model(GgmlType.Q8_0)) {
            SessionStats[] st = new SessionStats[1];
            List<float[]> ref = run(m, SessionOptions.defaults(), st);
            int when = PROMPT.length + 2;
            for (ProtectionPreset p : ProtectionTest.PROTECTED) {
                Once key = keyFlip(when, 1, 4);
                Once query = new Once(when, 1, OpKind.ROPE, 0, null, null, s -> s.flipOutputBit(5, 29));
                FaultInjector both = new FaultInjector() {
                    @Override
                    public void beforeForward(int position, int batch, io.radinfer.runtime.inject.MemorySite mem) {
                        key.beforeForward(position, batch, mem);
                    }

                    @Override
                    public void atRest(io.radinfer.runtime.inject.OpSite site) {
                        query.atRest(site);
                    }
                };
                List<float[]> got = run(m, SessionOptions.defaults().withProtection(p).withInjector(both), st);
                assertTrue(key.fired && query.fired, p + ": the faults never fired");
                assertBitwiseEqual(ref, got, p + ", a key and a query upset in one step");
            }
        }
    }

    @Test
    void aRebuiltKvCacheEqualsTheOneAFaultFreeRunHas() {
        // A key flipped at rest makes attention fail its check on every recompute: the session rebuilds the
        // cache from the token history. The prompt was one batched pass and the decoded tokens one pass each;
        // the rebuild must group them the same way, or its cache differs in the last bits (on the float path;
        // the Q8_0 integer path happens to round the same either way on this model).
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.F32, GgmlType.F16}) {
        try (Model m = ProtectionTest.model(t)) {
            SessionStats[] st = new SessionStats[1];
            List<float[]> ref = run(m, SessionOptions.defaults(), st);
            for (ProtectionPreset p : ProtectionTest.PROTECTED) {
                int when = PROMPT.length + 3;
                for (int position : new int[] {2, PROMPT.length + 1}) {
                    String what = t + " " + p + ", key at position " + position;
                    Once f = keyFlip(when, 1, position);
                    int[] promptPasses = {0};
                    FaultInjector counting = new FaultInjector() {
                        @Override
                        public void beforeForward(int at, int batch, io.radinfer.runtime.inject.MemorySite mem) {
                            promptPasses[0] += at == 0 ? 1 : 0;
                            f.beforeForward(at, batch, mem);
                        }
                    };
                    List<float[]> got = run(m, SessionOptions.defaults().withProtection(p).withInjector(counting), st);
                    assertTrue(f.fired, what + ": the fault never fired");
                    assertTrue(st[0].detected() > 0, what + " went unseen: " + st[0].protectionSummary());
                    assertBitwiseEqual(ref, got, what);
                    // the rebuild starts at the pass holding the damaged position: the prompt pass runs again
                    // only when the damage is inside the prompt
                    assertEquals(position < PROMPT.length ? 2 : 1, promptPasses[0], what + ": prompt passes");
                }
            }
        }
        }
    }
}
