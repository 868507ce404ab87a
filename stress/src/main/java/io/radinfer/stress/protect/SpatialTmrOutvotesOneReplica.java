package io.radinfer.stress.protect;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Spatial TMR through the real {@code ProtectedOps}: a session of a tiny model runs one decode step with its
 * matrix ops' three replicas on three threads, one replica of one op disturbed by a fault injector (a
 * different replica each iteration). The concurrency is inside the step: every matrix op of the step is a
 * {@code WorkerPool} run whose results the session thread votes on; jcstress supplies the variety of
 * compilations and timings.
 */
@JCStressTest
@Description("One decode step of a 1-layer synthetic Q8_0 model under TMR (spatial), with a low mantissa bit "
        + "flipped in one replica of layer 0's ffn_down (only the vote can see it). r1 = 1 if the logits equal "
        + "the fault-free logits bit for bit, r2 = 1 if the fault fired, r3/r4 = detections/corrections the "
        + "step counted. A forbidden outcome means the vote missed or mis-read a replica: wrong logits (an "
        + "SDC under the strongest protection mode), or counters that do not tell what happened.")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE,
        desc = "The faulty replica was outvoted: fault-free logits, one detection, one correction.")
@Outcome(expect = FORBIDDEN, desc = "Wrong logits, or the vote's counters disagree with the one planted fault.")
@State
public class SpatialTmrOutvotesOneReplica {
    private static final SpatialTmrRig RIG = new SpatialTmrRig();
    private static final AtomicInteger NEXT_FAULTY = new AtomicInteger();

    private final int faulty = Math.floorMod(NEXT_FAULTY.getAndIncrement(), 3);
    private final int[] out = new int[4];

    @Actor
    public void session(IIII_Result r) {
        RIG.step(faulty, out);
        r.r1 = out[0];
        r.r2 = out[1];
        r.r3 = out[2];
        r.r4 = out[3];
    }
}
