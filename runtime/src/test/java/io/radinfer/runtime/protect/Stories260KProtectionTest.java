package io.radinfer.runtime.protect;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.SessionStats;
import io.radinfer.runtime.SharedModels;
import io.radinfer.runtime.model.OpKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

import static io.radinfer.runtime.protect.ProtectionTest.Once;
import static io.radinfer.runtime.protect.ProtectionTest.accumulator;
import static io.radinfer.runtime.protect.ProtectionTest.activation;
import static io.radinfer.runtime.protect.ProtectionTest.argmax;
import static io.radinfer.runtime.protect.ProtectionTest.greedy;
import static io.radinfer.runtime.protect.ProtectionTest.kvCache;
import static io.radinfer.runtime.protect.ProtectionTest.output;
import static io.radinfer.runtime.protect.ProtectionTest.weightValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protection acceptance on a real trained model: stories260K (f32 weights, so the float-path checksums),
 * one bit flip per run through the injection seams. Skips where {@code ../shared} is absent.
 */
class Stories260KProtectionTest {

    static Model stories() throws IOException {
        return Model.load(SharedModels.stories260K().resolve("stories260K.bin"));
    }

    @Test
    void everyProtectedModeCorrectsEveryFaultClass() throws IOException {
        try (Model m = stories()) {
            int[] ref = greedy(m, SessionOptions.defaults(), null);
            for (ProtectionPreset p : ProtectionTest.PROTECTED) {
                Once[] faults = {
                    accumulator(4, 1, OpKind.FFN_DOWN, 0),
                    output(5, 0, OpKind.SWIGLU, 0),
                    output(3, 2, OpKind.Q, 0),
                    output(6, 4, OpKind.FFN_UP, 0),
                    activation(6, 1, OpKind.ATTN_NORM),
                    kvCache(7),
                    weightValue(2),
                };
                for (Once f : faults) {
                    SessionStats[] st = new SessionStats[1];
                    int[] ids = greedy(m, SessionOptions.defaults().withProtection(p).withInjector(f), st);
                    String what = "stories260K " + p + " fault at position " + f.position + " layer " + f.layer
                            + " op " + f.op + ": " + st[0].protectionSummary();
                    assertTrue(f.fired, what + " (the fault never fired)");
                    assertTrue(st[0].detected() > 0, what);
                    assertEquals(0, st[0].uncorrectable(), what);
                    assertArrayEquals(ref, ids, what);
                }
                SessionStats[] st = new SessionStats[1];
                assertArrayEquals(ref, greedy(m, SessionOptions.defaults().withProtection(p), st));
                assertEquals(0, st[0].detected(), "stories260K " + p + " after repairs: " + st[0].protectionSummary());
            }
        }
    }

    @Test
    void noneLetsTheFaultsThroughAndSaysNothing() throws IOException {
        try (Model m = stories()) {
            int[] ref = greedy(m, SessionOptions.defaults(), null);
            Once[] faults = {accumulator(2, 0, OpKind.FFN_DOWN, 0), output(2, 0, OpKind.Q, 0), kvCache(3), weightValue(1)};
            int changed = 0;
            for (Once f : faults) {
                SessionStats[] st = new SessionStats[1];
                int[] ids = greedy(m, SessionOptions.defaults().withInjector(f), st);
                assertTrue(f.fired);
                assertEquals(0, st[0].detected());
                changed += Arrays.equals(ref, ids) ? 0 : 1;
            }
            // What NONE does with these flips, recorded honestly: at least one changes the generated ids.
            assertTrue(changed > 0, "none of the unprotected flips changed stories260K's output");
        }
    }

    @Test
    void tenThousandCleanDecodeStepsRaiseNoFalseAlarm() throws IOException {
        try (Model m = stories(); Session s = m.newSession(SessionOptions.defaults().withProtection(ProtectionPreset.CHECKSUM))) {
            int vocab = m.config().vocab();
            SplittableRandom rnd = new SplittableRandom(260);
            int token = 1;
            for (int i = 0; i < 10_000; i++) {
                if (s.position() == m.config().contextLength()) {
                    s.reset();
                }
                float[] l = s.forward(token);
                token = rnd.nextInt(4) == 0 ? rnd.nextInt(vocab) : argmax(l, vocab);
            }
            SessionStats st = s.stats();
            assertEquals(0, st.detected(), "stories260K over 10,000 steps: " + st.protectionSummary());
        }
    }
}
