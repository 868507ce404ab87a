package io.radinfer.runtime.protect;

import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.SessionStats;
import io.radinfer.runtime.inject.FaultInjector;
import io.radinfer.runtime.inject.MemorySite;
import io.radinfer.runtime.inject.OpSite;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.OpKind;
import io.radinfer.runtime.model.SyntheticModel;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One bit flip per run, through the injection seams, into a synthetic model: every protected mode must
 * detect it and produce exactly the fault-free tokens; NONE lets it through.
 */
class ProtectionTest {
    static final LlamaConfig C = new LlamaConfig("llama", 64, 128, 3, 8, 4, 96, 64, 1e-5f, 10000f, RopeLayout.ADJACENT, false);
    static final int STEPS = 12;
    static final ProtectionPreset[] PROTECTED = {ProtectionPreset.CHECKSUM, ProtectionPreset.DMR, ProtectionPreset.TMR};

    static Model model(GgmlType type) {
        Arena arena = Arena.ofShared();
        return Model.fromWeights(C, SyntheticModel.weights(C, type, 7, false, arena), 1, 2, arena::close);
    }

    /** Greedy ids after BOS, as run.c would produce them. */
    static int[] greedy(Model m, SessionOptions o, SessionStats[] statsOut) {
        try (Session s = m.newSession(o)) {
            int[] ids = new int[STEPS];
            int[] n = {0};
            s.generate(new int[] {1}, STEPS, (logits, v) -> argmax(logits, v), (t, pos) -> {
                ids[n[0]++] = t;
                return true;
            });
            if (statsOut != null) {
                statsOut[0] = s.stats();
            }
            return Arrays.copyOf(ids, n[0]);
        }
    }

    static int argmax(float[] l, int n) {
        int b = 0;
        for (int i = 1; i < n; i++) {
            if (l[i] > l[b]) {
                b = i;
            }
        }
        return b;
    }

    /** Fires once: at the given position, on the first matching call. */
    static final class Once implements FaultInjector {
        final int position;
        final Consumer<MemorySite> memory;
        final Consumer<OpSite> kernel;
        final Consumer<OpSite> rest;
        final int layer;
        final OpKind op;
        final int execution;
        boolean fired;

        Once(int position, int layer, OpKind op, int execution, Consumer<MemorySite> memory, Consumer<OpSite> kernel,
                Consumer<OpSite> rest) {
            this.position = position;
            this.layer = layer;
            this.op = op;
            this.execution = execution;
            this.memory = memory;
            this.kernel = kernel;
            this.rest = rest;
        }

        @Override
        public void beforeForward(int pos, int batch, MemorySite m) {
            if (!fired && memory != null && pos == position) {
                fired = true;
                memory.accept(m);
            }
        }

        @Override
        public void afterKernel(OpSite s) {
            if (!fired && kernel != null && matches(s) && s.execution() == execution) {
                fired = true;
                kernel.accept(s);
            }
        }

        @Override
        public void atRest(OpSite s) {
            if (!fired && rest != null && matches(s)) {
                fired = true;
                rest.accept(s);
            }
        }

        private boolean matches(OpSite s) {
            return s.position() == position && s.layer() == layer && s.op() == op;
        }
    }

    static Once accumulator(int pos, int layer, OpKind op, int execution) {
        return new Once(pos, layer, op, execution, null, s -> s.flipAccumulatorBit(5, 1, 20), null);
    }

    static Once output(int pos, int layer, OpKind op, int execution) {
        return new Once(pos, layer, op, execution, null, s -> s.flipOutputBit(3, 30), null);
    }

    static Once activation(int pos, int layer, OpKind op) {
        return new Once(pos, layer, op, 0, null, null, s -> s.flipOutputBit(7, 29));
    }

    static Once kvCache(int pos) {
        return new Once(pos, -1, null, 0, m -> {
            MemorySegment keys = m.cache().keys();
            long idx = m.cache().index(1, 2, 5); // layer 1, position 2, value 5
            int bits = keys.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, idx);
            keys.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, idx, bits ^ (1 << 29));
        }, null, null);
    }

    static Once weightValue(int pos) {
        return new Once(pos, -1, null, 0, m -> {
            Tensor w = m.weights().stream().filter(t -> t.name().equals("blk.1.ffn_down.weight")).findFirst().orElseThrow();
            // row 5, value 3: Q8_0's int8 bit 6, or f32's exponent bit 30
            long off = w.type() == GgmlType.F32 ? 5 * w.rowBytes() + 4 * 3 + 3 : 5 * w.rowBytes() + 2 + 3;
            byte b = w.data().get(ValueLayout.JAVA_BYTE, off);
            w.data().set(ValueLayout.JAVA_BYTE, off, (byte) (b ^ 0x40));
        }, null, null);
    }

    static Once weightScale(int pos) {
        return new Once(pos, -1, null, 0, m -> {
            Tensor w = m.weights().stream().filter(t -> t.name().equals("blk.2.attn_q.weight")).findFirst().orElseThrow();
            long off = 9 * w.rowBytes(); // row 9, first block's f16 scale
            short s = w.data().get(ValueLayout.JAVA_SHORT_UNALIGNED, off);
            w.data().set(ValueLayout.JAVA_SHORT_UNALIGNED, off, (short) (s ^ (1 << 14)));
        }, null, null);
    }

    @Test
    void cleanRunsAgreeAcrossModesWithoutDetections() {
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.F32}) {
            try (Model m = model(t)) {
                int[] ref = greedy(m, SessionOptions.defaults(), null);
                for (ProtectionPreset p : ProtectionPreset.values()) {
                    SessionStats[] st = new SessionStats[1];
                    assertArrayEquals(ref, greedy(m, SessionOptions.defaults().withProtection(p), st), t + " " + p);
                    assertEquals(0, st[0].detected(), t + " " + p + ": " + st[0].protectionSummary());
                }
            }
        }
    }

    @Test
    void everyProtectedModeCorrectsEveryFaultClass() {
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.F32}) {
            try (Model m = model(t)) {
                int[] ref = greedy(m, SessionOptions.defaults(), null);
                for (ProtectionPreset p : PROTECTED) {
                    Once[] faults = {
                        accumulator(4, 1, OpKind.FFN_DOWN, 0),
                        output(5, 0, OpKind.SWIGLU, 0),
                        output(3, 2, OpKind.Q, 0),
                        activation(6, 1, OpKind.ATTN_NORM),
                        kvCache(7),
                        weightValue(2),
                        t == GgmlType.Q8_0 ? weightScale(8) : weightValue(8),
                    };
                    for (Once f : faults) {
                        SessionStats[] st = new SessionStats[1];
                        int[] ids = greedy(m, SessionOptions.defaults().withProtection(p).withInjector(f), st);
                        String what = t + " " + p + " " + describe(f) + ": " + st[0].protectionSummary();
                        assertTrue(f.fired, what + " (the fault never fired)");
                        assertTrue(st[0].detected() > 0, what);
                        assertEquals(0, st[0].uncorrectable(), what);
                        assertArrayEquals(ref, ids, what);
                    }
                    // weights were repaired: the next clean run is clean again
                    SessionStats[] st = new SessionStats[1];
                    assertArrayEquals(ref, greedy(m, SessionOptions.defaults().withProtection(p), st));
                    assertEquals(0, st[0].detected(), t + " " + p + " after repairs");
                }
            }
        }
    }

    static Once logitUpset(int pos) {
        return new Once(pos, -1, OpKind.CLASSIFIER, 0, null, null, s -> {
            int pick = -1;
            for (int i = 0; i < s.length(); i++) {
                float v = s.output()[s.offset() + i];
                if (v > 0 && (pick < 0 || v < s.output()[s.offset() + pick])) {
                    pick = i;
                }
            }
            s.flipOutputBit(pick, 30);
        });
    }

    @Test
    void anUpsetInTheLogitsAtRestIsCaughtBeforeSampling() {
        // The classifier is the last op: no later op reads its output, so its guard is checked by the session
        // before the sampler sees the logits. The upset sets bit 30 (the exponent's top bit) of the smallest
        // positive logit, which turns it into ~1e38: the argmax if it escaped.
        try (Model m = model(GgmlType.Q8_0)) {
            int[] ref = greedy(m, SessionOptions.defaults(), null);
            Once unprotected = logitUpset(4);
            assertFalse(Arrays.equals(ref, greedy(m, SessionOptions.defaults().withInjector(unprotected), null)),
                    "the flip must matter, or this test shows nothing");
            for (ProtectionPreset p : PROTECTED) {
                Once f = logitUpset(4);
                SessionStats[] st = new SessionStats[1];
                int[] ids = greedy(m, SessionOptions.defaults().withProtection(p).withInjector(f), st);
                assertTrue(f.fired, p + ": the fault never fired");
                assertTrue(st[0].detected() > 0 && st[0].corrected() > 0, p + ": " + st[0].protectionSummary());
                assertArrayEquals(ref, ids, p.toString());
            }
        }
    }

    @Test
    void aSmallUpsetInABlockScaleIsCaughtByTheChecksum() {
        // Bit 4 of a Q8_0 block's f16 scale: the block's 32 products grow or shrink by 1.6%. The integer check
        // cannot see a scale; the float check sees it only with the bound of the integer path, whose block sums
        // are exact (cols/32 rounded terms, not cols).
        try (Model m = model(GgmlType.Q8_0)) {
            int[] ref = greedy(m, SessionOptions.defaults(), null);
            int caught = 0;
            String[] names = {"blk.0.ffn_up.weight", "blk.1.attn_q.weight", "blk.2.ffn_gate.weight", "blk.1.attn_output.weight"};
            for (String name : names) {
                Once f = new Once(3, -1, null, 0, mem -> {
                    Tensor w = mem.weights().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
                    long off = 11 * w.rowBytes(); // row 11, first block's scale
                    short d = w.data().get(ValueLayout.JAVA_SHORT_UNALIGNED, off);
                    w.data().set(ValueLayout.JAVA_SHORT_UNALIGNED, off, (short) (d ^ (1 << 4)));
                }, null, null);
                SessionStats[] st = new SessionStats[1];
                int[] ids = greedy(m, SessionOptions.defaults().withProtection(ProtectionPreset.CHECKSUM).withInjector(f), st);
                assertTrue(f.fired);
                assertArrayEquals(ref, ids, name + ": " + st[0].protectionSummary());
                caught += st[0].detected() > 0 ? 1 : 0;
                assertEquals(0, m.scrubber().verifyAll(), name + " was left corrupted");
            }
            assertEquals(names.length, caught, "every scale upset is detected");
        }
    }

    @Test
    void theLowestBitOfEveryScaleByteIsCaughtExactly() {
        // A flip in the lowest mantissa bit of a block scale moves that block's products by 2^-10 of
        // themselves: far below the float check's bound. The scales' terms in the integer sum see it exactly,
        // in the one-token products (matvec) and in the prompt's batched ones (matmul).
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
            try (Model m = model(t)) {
                int[] ref = greedy(m, SessionOptions.defaults(), null);
                for (String name : new String[] {"blk.0.ffn_down.weight", "blk.2.attn_k.weight", "output.weight"}) {
                    for (int pos : new int[] {0, 5}) {
                        Once f = new Once(pos, -1, null, 0, mem -> {
                            Tensor w = mem.weights().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
                            long off = 3 * w.rowBytes() + w.type().blockBytes(); // row 3, second block's scale
                            byte b = w.data().get(ValueLayout.JAVA_BYTE, off);
                            w.data().set(ValueLayout.JAVA_BYTE, off, (byte) (b ^ 1));
                        }, null, null);
                        SessionStats[] st = new SessionStats[1];
                        int[] ids = greedy(m, SessionOptions.defaults().withProtection(ProtectionPreset.CHECKSUM)
                                .withInjector(f), st);
                        String what = t + " " + name + " from position " + pos + ": " + st[0].protectionSummary();
                        assertTrue(f.fired, what);
                        assertTrue(st[0].detected() > 0, what);
                        assertArrayEquals(ref, ids, what);
                        assertEquals(0, m.scrubber().verifyAll(), what + ": left corrupted");
                    }
                }
            }
        }
    }

    @Test
    void theLowestBitOfAMatrixOrAttentionOutputIsCaughtExactly() {
        // Bit 0 of one output of a matrix op or of attention, flipped after the kernel stored it: one unit in
        // the last place, far below the float check's rounding bound. The output raw-bit sum each thread took
        // as the kernel returned sees it exactly; the integer path (Q8_0) and the float path (F32) alike.
        OpKind[] ops = {OpKind.Q, OpKind.FFN_DOWN, OpKind.ATTENTION};
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.F32}) {
            try (Model m = model(type)) {
                SessionOptions base = SessionOptions.defaults();
                int[] ref = greedy(m, base, null);
                for (OpKind op : ops) {
                    Once f = new Once(5, 1, op, 0, null, s -> s.flipOutputBit(2, 0), null);
                    SessionStats[] st = new SessionStats[1];
                    int[] ids = greedy(m, base.withProtection(ProtectionPreset.CHECKSUM).withInjector(f), st);
                    String what = type + " " + op + ": " + st[0].protectionSummary();
                    assertTrue(f.fired, what);
                    assertTrue(st[0].detected() > 0, what);
                    assertArrayEquals(ref, ids, what);
                }
            }
        }
    }

    @Test
    void theLowestBitOfAKeyOrAValueIsCaughtExactly() {
        // Bit 0 of a stored key or value moves it by one unit in the last place: far below the score and
        // value checks' rounding bounds. The bit sums of the cache see it exactly.
        for (GgmlType kvType : new GgmlType[] {GgmlType.F32, GgmlType.F16}) {
            try (Model m = model(GgmlType.Q8_0)) {
                SessionOptions base = SessionOptions.defaults().withKvCacheType(kvType);
                int[] ref = greedy(m, base, null);
                for (boolean key : new boolean[] {true, false}) {
                    Once f = new Once(6, -1, null, 0, mem -> {
                        MemorySegment s = key ? mem.cache().keys() : mem.cache().values();
                        long byteOff = mem.cache().index(2, 3, 9) * mem.cache().elementBytes();
                        byte b = s.get(ValueLayout.JAVA_BYTE, byteOff);
                        s.set(ValueLayout.JAVA_BYTE, byteOff, (byte) (b ^ 1));
                    }, null, null);
                    SessionStats[] st = new SessionStats[1];
                    int[] ids = greedy(m, base.withProtection(ProtectionPreset.CHECKSUM).withInjector(f), st);
                    String what = kvType + (key ? " key" : " value") + ": " + st[0].protectionSummary();
                    assertTrue(f.fired, what);
                    assertTrue(st[0].detected() > 0, what);
                    assertArrayEquals(ref, ids, what);
                }
            }
        }
    }

    @Test
    void weightFlipsAreFoundAndRepairedByTheScrubber() {
        try (Model m = model(GgmlType.Q8_0)) {
            int[] ref = greedy(m, SessionOptions.defaults(), null);
            WeightScrubber scrubber = m.scrubber();
            long before = scrubber.repairs();
            SessionStats[] st = new SessionStats[1];
            assertArrayEquals(ref, greedy(m, SessionOptions.defaults().withProtection(ProtectionPreset.CHECKSUM)
                    .withInjector(weightValue(3)), st));
            assertEquals(before + 1, scrubber.repairs(), "the flipped region was restored");
            assertEquals(0, scrubber.verifyAll(), "nothing left to repair");
        }
    }

    @Test
    void noneLetsTheFaultThroughAndSaysNothing() {
        try (Model m = model(GgmlType.Q8_0)) {
            int[] ref = greedy(m, SessionOptions.defaults(), null);
            int changed = 0;
            Once[] faults = {accumulator(2, 0, OpKind.FFN_DOWN, 0), output(2, 0, OpKind.Q, 0), kvCache(3), weightScale(1)};
            for (Once f : faults) {
                SessionStats[] st = new SessionStats[1];
                int[] ids = greedy(m, SessionOptions.defaults().withInjector(f), st);
                assertTrue(f.fired);
                assertEquals(0, st[0].detected());
                changed += Arrays.equals(ref, ids) ? 0 : 1;
            }
            // Honest record of what NONE does with these flips: at least one of them changes the output.
            assertTrue(changed > 0, "none of the unprotected flips changed the output");
        }
    }

    @Test
    void tmrOutvotesAFaultInOneReplicaOnly() {
        try (Model m = model(GgmlType.Q8_0)) {
            int[] ref = greedy(m, SessionOptions.defaults(), null);
            for (ProtectionPolicy.TmrStyle style : ProtectionPolicy.TmrStyle.values()) {
                for (int replica = 0; replica < 3; replica++) {
                    // A flip below the float checksum's resolution in the attention output, so only the vote
                    // can catch it; and one in the integer accumulator of the FFN.
                    Once f = new Once(4, 1, OpKind.ATTN_OUT, replica, null, s -> s.flipOutputBit(2, 30), null);
                    ProtectionPolicy p = ProtectionPolicy.builder(ProtectionPreset.TMR).tmrStyle(style).build();
                    SessionStats[] st = new SessionStats[1];
                    int[] ids = greedy(m, SessionOptions.defaults().withProtection(p).withInjector(f), st);
                    assertTrue(f.fired);
                    assertEquals(1, st[0].detected(), style + " replica " + replica + ": " + st[0].protectionSummary());
                    assertEquals(0, st[0].recomputed(), "a single faulty replica is outvoted, not recomputed");
                    assertArrayEquals(ref, ids, style + " replica " + replica);
                }
            }
        }
    }

    private static String describe(Once f) {
        return "fault at position " + f.position + " layer " + f.layer + " op " + f.op + " (F16 check: " + F16.round(1f) + ")";
    }

    @Test
    void tenThousandCleanDecodeStepsRaiseNoFalseAlarm() {
        LlamaConfig c = new LlamaConfig("llama", 128, 256, 2, 8, 4, 512, 256, 1e-5f, 10000f, RopeLayout.ADJACENT, false);
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.F16}) {
            Arena arena = Arena.ofShared();
            try (Model m = Model.fromWeights(c, SyntheticModel.weights(c, t, 3, false, arena), 1, 2, arena::close);
                    Session s = m.newSession(SessionOptions.defaults().withThreads(2).withProtection(ProtectionPreset.CHECKSUM))) {
                int steps = t == GgmlType.Q8_0 ? 10_000 : 2_000;
                java.util.SplittableRandom rnd = new java.util.SplittableRandom(t.ordinal());
                int token = 1;
                for (int i = 0; i < steps; i++) {
                    if (s.position() == c.contextLength()) {
                        s.reset();
                    }
                    float[] l = s.forward(token);
                    // Sample (not argmax) so the run visits many tokens and positions, like real text.
                    token = rnd.nextInt(4) == 0 ? rnd.nextInt(c.vocab()) : argmax(l, c.vocab());
                }
                SessionStats st = s.stats();
                assertEquals(0, st.detected(), t + " over " + steps + " steps: " + st.protectionSummary());
            }
        }
    }
}
