package io.radinfer.faults.model;

import io.radinfer.kernels.tensor.GgmlType;
import java.util.ArrayList;
import java.util.List;

/**
 * A small two-layer model shape: Q8_0 weights per layer, f32 activations, an f16 KV cache that grows by one
 * position per token, and no scales in the f32 output head.
 */
final class FakeTargetSpace implements TargetSpace {
    static final int KV_DIM = 8;
    private final int steps;

    FakeTargetSpace(int steps) {
        this.steps = steps;
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public List<TargetRegion> regions(Target target, int token) {
        List<TargetRegion> out = new ArrayList<>();
        ElementFormat q8 = ElementFormat.of(GgmlType.Q8_0);
        switch (target) {
            case WEIGHTS, SCALES -> {
                out.add(new TargetRegion("blk.0.attn_q.weight", 0, "q", 64, q8));
                out.add(new TargetRegion("blk.1.ffn_down.weight", 1, "ffn_down", 192, q8));
                if (target == Target.WEIGHTS) {
                    out.add(new TargetRegion("output.weight", -1, "classifier", 100, ElementFormat.F32));
                }
            }
            case ACTIVATIONS -> {
                out.add(new TargetRegion("blk.0.attn_out", 0, "attn_out", 32, ElementFormat.F32));
                out.add(new TargetRegion("blk.1.ffn_down", 1, "ffn_down", 32, ElementFormat.F32));
            }
            case KV_CACHE -> {
                out.add(new TargetRegion("blk.0.k", 0, "k", (long) (token + 1) * KV_DIM, ElementFormat.F16));
                out.add(new TargetRegion("blk.1.k", 1, "k", (long) (token + 1) * KV_DIM, ElementFormat.F16));
            }
            case ACCUMULATORS -> out.add(new TargetRegion("blk.0.q.acc", 0, "q", 32, ElementFormat.INT32));
        }
        return out;
    }
}
