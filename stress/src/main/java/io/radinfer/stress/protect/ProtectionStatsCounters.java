package io.radinfer.stress.protect;

import io.radinfer.runtime.model.OpKind;
import io.radinfer.runtime.protect.ProtectionStats;
import io.radinfer.runtime.protect.ProtectionStats.Event;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Spatial-TMR replicas and the session count events on the same {@link ProtectionStats} at the same time.
 * Two actors add to the same counter and to neighbouring ones; the arbiter reads them once both are done.
 */
@JCStressTest
@Description("Two threads each add DETECTED to (layer 0, q) and RECOMPUTED to (layer 1, ffn_down); one also adds "
        + "CORRECTED to (layer 0, q). r1 = get(0, q, DETECTED), r2 = total(RECOMPUTED), r3 = total(CORRECTED). "
        + "A forbidden outcome is a lost or misplaced update: the detection and correction counts a reliability "
        + "engineer reads (and campaigns classify by) would understate what happened.")
@Outcome(id = "2, 2, 1", expect = ACCEPTABLE, desc = "Every update counted, each in its own counter.")
@Outcome(expect = FORBIDDEN, desc = "An update was lost, or landed in another counter.")
@State
public class ProtectionStatsCounters {
    private final ProtectionStats stats = new ProtectionStats(2);

    @Actor
    public void replicaA() {
        stats.add(0, OpKind.Q, Event.DETECTED);
        stats.add(0, OpKind.Q, Event.CORRECTED);
        stats.add(1, OpKind.FFN_DOWN, Event.RECOMPUTED);
    }

    @Actor
    public void replicaB() {
        stats.add(0, OpKind.Q, Event.DETECTED);
        stats.add(1, OpKind.FFN_DOWN, Event.RECOMPUTED);
    }

    @Arbiter
    public void read(III_Result r) {
        r.r1 = (int) stats.get(0, OpKind.Q, Event.DETECTED);
        r.r2 = (int) stats.total(Event.RECOMPUTED);
        r.r3 = (int) stats.total(Event.CORRECTED);
    }
}
