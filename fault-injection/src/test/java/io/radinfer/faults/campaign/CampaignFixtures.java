package io.radinfer.faults.campaign;

import io.radinfer.faults.model.BitFlip;
import io.radinfer.faults.model.BitRestriction;
import io.radinfer.faults.model.ElementFormat;
import io.radinfer.faults.model.InjectionPlan;
import io.radinfer.faults.model.InjectionPlanner;
import io.radinfer.faults.model.Target;
import io.radinfer.faults.model.TargetRegion;
import io.radinfer.faults.model.TargetSpace;
import java.util.List;
import java.util.OptionalInt;

/** A tiny target space, a planner over it, and a deterministic fake executor. */
final class CampaignFixtures {
    static final TargetSpace SPACE = new TargetSpace() {
        @Override
        public int steps() {
            return 8;
        }

        @Override
        public List<TargetRegion> regions(Target target, int token) {
            return List.of(new TargetRegion("blk.0.ffn_down.weight", 0, "ffn_down", 512, ElementFormat.F32),
                    new TargetRegion("blk.1.ffn_down.weight", 1, "ffn_down", 512, ElementFormat.F32));
        }
    };

    private CampaignFixtures() {
    }

    static InjectionPlanner planner(long seed) {
        return new InjectionPlanner(seed, SPACE, Target.WEIGHTS, new BitFlip(), BitRestriction.ALL,
                OptionalInt.empty());
    }

    static CampaignManifest manifest(long injections, ShardSpec shard) {
        return new CampaignManifest(CampaignManifest.FORMAT_VERSION, "built-in", "golden-abc", 12.5, "weights",
                "bitflip", "all", "none", 8, 42, injections, null, shard);
    }

    /**
     * Classifies like a model would, but from the plan alone: exponent flips (bits 23..30) are SDCs, a few with
     * the top exponent bit crash, the rest are masked.
     */
    static InjectionResult classify(InjectionPlan plan) {
        if (plan.bit() == 30 && plan.region().layer() == 1) {
            return InjectionResult.crash(plan, new ArithmeticException("NaN in logits"), 1.0);
        }
        if (plan.bit() >= 23 && plan.bit() <= 30) {
            return InjectionResult.of(plan, Outcome.SDC, plan.token() + 1, (double) (plan.bit() - 22), 0, 0, 1.0,
                    null);
        }
        return InjectionResult.of(plan, Outcome.MASKED, null, 0.0, 0, 0, 1.0, null);
    }

    static InjectionExecutor fakeExecutor() {
        return (plan, cancellation) -> {
            cancellation.checkpoint();
            InjectionResult r = classify(plan);
            if (r.outcome() == Outcome.CRASH) {
                throw new ArithmeticException("NaN in logits");
            }
            return r;
        };
    }
}
