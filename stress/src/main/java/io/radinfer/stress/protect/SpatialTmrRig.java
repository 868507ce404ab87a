package io.radinfer.stress.protect;

import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.inject.FaultInjector;
import io.radinfer.runtime.inject.OpSite;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.OpKind;
import io.radinfer.runtime.model.SyntheticModel;
import io.radinfer.runtime.protect.ProtectionPolicy;
import io.radinfer.runtime.protect.ProtectionPreset;
import io.radinfer.runtime.protect.ProtectionStats;
import io.radinfer.runtime.protect.ProtectionStats.Event;

import java.lang.foreign.Arena;
import java.time.Duration;

/**
 * One session of a tiny synthetic Q8_0 model under spatial TMR, kept for the whole jcstress run (a session
 * per iteration would start two replica threads per iteration), and the fault-free logits of one step.
 * {@link #step} runs that step again with one bit flipped in one replica of the FFN down-projection.
 */
final class SpatialTmrRig {
    /** One layer, dim 64, 4 heads: a forward pass of a few hundred microseconds, ten spatial votes. */
    static final LlamaConfig CONFIG =
            new LlamaConfig("llama", 64, 128, 1, 4, 2, 64, 8, 1e-5f, 10000f, RopeLayout.ADJACENT, false);
    static final int TOKEN = 5;
    /** Output element 3, mantissa bit 2: far below the float checksum's bound, so only the vote can see it. */
    static final int FLIP_INDEX = 3;
    static final int FLIP_BIT = 2;

    private final ReplicaFault fault = new ReplicaFault();
    private final Session session;
    private final ProtectionStats stats;
    private final float[] golden;

    SpatialTmrRig() {
        Model model = Model.fromWeights(CONFIG, SyntheticModel.weights(CONFIG, GgmlType.Q8_0, 7, false, Arena.global()),
                1, 2, () -> { });
        ProtectionPolicy tmr = ProtectionPolicy.builder(ProtectionPreset.TMR)
                .tmrStyle(ProtectionPolicy.TmrStyle.SPATIAL)
                .scrubPeriod(Duration.ZERO)
                .build();
        session = model.newSession(SessionOptions.defaults().withProtection(tmr).withInjector(fault));
        stats = session.protectionStats();
        golden = session.forward(TOKEN).clone();
    }

    /**
     * Runs the step with replica {@code faulty} of layer 0's FFN down-projection disturbed; fills {@code out}
     * with: logits equal to the fault-free ones bit for bit (1/0), the fault fired (1/0), and the detections
     * and corrections the step added.
     */
    void step(int faulty, int[] out) {
        long detected = stats.total(Event.DETECTED);
        long corrected = stats.total(Event.CORRECTED);
        fault.arm(faulty);
        session.reset();
        float[] logits = session.forward(TOKEN);
        boolean same = true;
        for (int i = 0; i < golden.length; i++) {
            same &= Float.floatToRawIntBits(logits[i]) == Float.floatToRawIntBits(golden[i]);
        }
        out[0] = same ? 1 : 0;
        out[1] = fault.fired ? 1 : 0;
        out[2] = (int) (stats.total(Event.DETECTED) - detected);
        out[3] = (int) (stats.total(Event.CORRECTED) - corrected);
    }

    /** Flips one output bit of one replica (execution) of one op, once per arming. */
    private static final class ReplicaFault implements FaultInjector {
        private volatile int replica = -1;
        private volatile boolean fired;

        void arm(int execution) {
            fired = false;
            replica = execution;
        }

        @Override
        public void afterKernel(OpSite site) {
            if (!fired && site.layer() == 0 && site.op() == OpKind.FFN_DOWN && site.execution() == replica) {
                fired = true;
                site.flipOutputBit(FLIP_INDEX, FLIP_BIT);
            }
        }
    }
}
