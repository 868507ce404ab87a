package io.radinfer.faults.runtime;

import io.radinfer.faults.model.ElementFormat;
import io.radinfer.faults.model.Target;
import io.radinfer.faults.model.TargetRegion;
import io.radinfer.faults.model.TargetSpace;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.model.LayerWeights;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.LlamaWeights;
import io.radinfer.runtime.model.OpKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fault space of one generation run of a loaded model, as the forward pass ({@code Transformer}) lays it out.
 *
 * <p><b>Tokens.</b> A run of {@code steps} tokens is {@code steps} forward passes: pass 0 feeds the whole prompt
 * ({@code promptLength} positions in one batch) and yields the first generated token; pass {@code t >= 1} feeds
 * generated token {@code t} at position {@code promptLength + t - 1}. Token {@code t} of a plan is pass {@code t}.
 *
 * <p><b>Regions</b>, in a fixed order:
 * <ul>
 *   <li>{@code weights}: every weight matrix in {@link LlamaWeights#matrices()} order; an element is a quant
 *       block or a float value. Applied to memory at rest before pass {@code t}; it stays until scrubbed or the
 *       run ends.</li>
 *   <li>{@code scales}: the quantized matrices only (the planner restricts the bits to the scale bytes).</li>
 *   <li>{@code activations}: the output of every op the forward pass calls (per layer: attn_norm, q, k, v,
 *       rope (q then k), attention, attn_out, attn_residual, ffn_norm, ffn_gate, ffn_up, swiglu, ffn_down,
 *       ffn_residual; head: embed, output_norm, classifier), over all positions of the pass, as f32 values.
 *       Hit after the op's output was accepted and before the next op reads it.</li>
 *   <li>{@code kv-cache}: each layer's keys then values of the positions filled once pass {@code t} is done;
 *       hit between pass {@code t} and pass {@code t + 1} (a hit after the last pass is read by nothing).</li>
 *   <li>{@code accumulators}: the raw result of every kernel with an algorithmic checksum (the weight products
 *       and attention), before any check or vote: integer block accumulators (int32) of Q8_0/Q4_0 weights on
 *       the integer path, else the f32 outputs (the float path's running sums end as the outputs).</li>
 * </ul>
 */
public final class ModelTargetSpace implements TargetSpace {
    /** The ops whose outputs are activations, per layer, in forward order. */
    static final List<OpKind> LAYER_OPS = List.of(OpKind.ATTN_NORM, OpKind.Q, OpKind.K, OpKind.V, OpKind.ROPE,
            OpKind.ATTENTION, OpKind.ATTN_OUT, OpKind.ATTN_RESIDUAL, OpKind.FFN_NORM, OpKind.FFN_GATE, OpKind.FFN_UP,
            OpKind.SWIGLU, OpKind.FFN_DOWN, OpKind.FFN_RESIDUAL);
    /** The ops with accumulators, per layer. */
    static final List<OpKind> LAYER_KERNELS = List.of(OpKind.Q, OpKind.K, OpKind.V, OpKind.ATTENTION, OpKind.ATTN_OUT,
            OpKind.FFN_GATE, OpKind.FFN_UP, OpKind.FFN_DOWN);

    private final LlamaConfig c;
    private final LlamaWeights w;
    private final int promptLength;
    private final int steps;
    private final boolean integerPath;
    private final GgmlType kvType;
    private final List<TargetRegion> weightRegions;
    private final List<TargetRegion> scaleRegions;
    private final List<Tensor> weightTensors;

    /**
     * @param promptLength prompt tokens, fed in one pass
     * @param steps forward passes (= generated tokens) per run, at least 1
     * @param integerPath whether the session rounds activations to Q8 for quantized weights
     * @param kvType the session's KV cache type (F32 or F16)
     */
    public ModelTargetSpace(LlamaConfig config, LlamaWeights weights, int promptLength, int steps,
            boolean integerPath, GgmlType kvType) {
        this.c = Objects.requireNonNull(config, "config");
        this.w = Objects.requireNonNull(weights, "weights");
        if (promptLength < 1 || steps < 1 || promptLength + steps - 1 > config.contextLength()) {
            throw new IllegalArgumentException("a prompt of " + promptLength + " tokens and " + steps
                    + " generated tokens do not fit the context of " + config.contextLength());
        }
        this.promptLength = promptLength;
        this.steps = steps;
        this.integerPath = integerPath;
        this.kvType = kvType;
        this.weightTensors = weights.matrices();
        List<TargetRegion> ws = new ArrayList<>();
        List<TargetRegion> ss = new ArrayList<>();
        for (Tensor t : weightTensors) {
            ElementFormat f = ElementFormat.of(t.type());
            long elements = t.type().isQuantized() ? t.elementCount() / t.type().blockSize() : t.elementCount();
            TargetRegion r = new TargetRegion(t.name(), layerOf(t), opOf(t), elements, f);
            ws.add(r);
            if (f.isBlock()) {
                ss.add(r);
            }
        }
        this.weightRegions = List.copyOf(ws);
        this.scaleRegions = List.copyOf(ss);
    }

    @Override
    public int steps() {
        return steps;
    }

    /** Prompt tokens (positions of pass 0). */
    public int promptLength() {
        return promptLength;
    }

    /** The weight matrices, aligned with the {@code weights} regions. */
    public List<Tensor> weightTensors() {
        return weightTensors;
    }

    /** The pass a forward pass starting at {@code position} is, or -1 for a position no pass of the run starts at. */
    public int passAt(int position) {
        if (position == 0) {
            return 0;
        }
        int t = position - promptLength + 1;
        return t >= 1 && t < steps ? t : -1;
    }

    /** Positions fed in pass {@code t}. */
    public int batchOf(int token) {
        return token == 0 ? promptLength : 1;
    }

    @Override
    public List<TargetRegion> regions(Target target, int token) {
        if (token < 0 || token >= steps) {
            throw new IllegalArgumentException("token " + token + " is outside the run's steps [0, " + steps + ")");
        }
        return switch (target) {
            case WEIGHTS -> weightRegions;
            case SCALES -> scaleRegions;
            case ACTIVATIONS -> activations(token);
            case KV_CACHE -> kvCache(token);
            case ACCUMULATORS -> accumulators(token);
        };
    }

    private List<TargetRegion> activations(int token) {
        int n = batchOf(token);
        List<TargetRegion> rs = new ArrayList<>();
        rs.add(new TargetRegion("embed", -1, OpKind.EMBED.cliName(), (long) n * c.dim(), ElementFormat.F32));
        for (int l = 0; l < c.layers(); l++) {
            for (OpKind op : LAYER_OPS) {
                rs.add(new TargetRegion("blk." + l + "." + op.cliName(), l, op.cliName(), (long) n * width(op),
                        ElementFormat.F32));
            }
        }
        // The head runs on the last position only (the next-token logits).
        rs.add(new TargetRegion("output_norm", -1, OpKind.OUTPUT_NORM.cliName(), c.dim(), ElementFormat.F32));
        rs.add(new TargetRegion("classifier", -1, OpKind.CLASSIFIER.cliName(), c.vocab(), ElementFormat.F32));
        return rs;
    }

    private int width(OpKind op) {
        return switch (op) {
            case K, V -> c.kvDim();
            case ROPE -> c.dim() + c.kvDim();
            case FFN_GATE, FFN_UP, SWIGLU -> c.hiddenDim();
            default -> c.dim();
        };
    }

    private List<TargetRegion> kvCache(int token) {
        int filled = promptLength + token;
        ElementFormat f = kvType == GgmlType.F16 ? ElementFormat.F16 : ElementFormat.F32;
        List<TargetRegion> rs = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            rs.add(new TargetRegion("blk." + l + ".kv_cache", l, OpKind.ATTENTION.cliName(),
                    2L * filled * c.kvDim(), f));
        }
        return rs;
    }

    private List<TargetRegion> accumulators(int token) {
        int n = batchOf(token);
        List<TargetRegion> rs = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            LayerWeights lw = w.layers().get(l);
            for (OpKind op : LAYER_KERNELS) {
                Tensor t = switch (op) {
                    case Q -> lw.wq();
                    case K -> lw.wk();
                    case V -> lw.wv();
                    case ATTN_OUT -> lw.wo();
                    case FFN_GATE -> lw.gate();
                    case FFN_UP -> lw.up();
                    case FFN_DOWN -> lw.down();
                    default -> null;
                };
                rs.add(accumulatorRegion("blk." + l + "." + op.cliName(), l, op, t, n));
            }
        }
        rs.add(accumulatorRegion("classifier", -1, OpKind.CLASSIFIER, w.output(), 1));
        return rs;
    }

    private TargetRegion accumulatorRegion(String name, int layer, OpKind op, Tensor t, int n) {
        if (t == null) {
            return new TargetRegion(name, layer, op.cliName(), (long) n * c.dim(), ElementFormat.F32);
        }
        if (integerAccumulators(t)) {
            return new TargetRegion(name, layer, op.cliName(), (long) n * t.rows() * (t.cols() / 32), ElementFormat.INT32);
        }
        return new TargetRegion(name, layer, op.cliName(), (long) n * t.rows(), ElementFormat.F32);
    }

    /** Whether the session computes {@code t}'s product from int32 block accumulators (ggml's integer path). */
    boolean integerAccumulators(Tensor t) {
        return integerPath && (t.type() == GgmlType.Q8_0 || t.type() == GgmlType.Q4_0)
                && t.cols() % Q8Activations.BLOCK == 0;
    }

    private int layerOf(Tensor t) {
        for (int l = 0; l < w.layers().size(); l++) {
            LayerWeights lw = w.layers().get(l);
            if (t == lw.wq() || t == lw.wk() || t == lw.wv() || t == lw.wo() || t == lw.gate() || t == lw.up()
                    || t == lw.down()) {
                return l;
            }
        }
        return -1;
    }

    private String opOf(Tensor t) {
        if (t == w.tokenEmbedding()) {
            return t == w.output() ? "embed+classifier" : OpKind.EMBED.cliName();
        }
        if (t == w.output()) {
            return OpKind.CLASSIFIER.cliName();
        }
        for (LayerWeights lw : w.layers()) {
            if (t == lw.wq()) {
                return OpKind.Q.cliName();
            } else if (t == lw.wk()) {
                return OpKind.K.cliName();
            } else if (t == lw.wv()) {
                return OpKind.V.cliName();
            } else if (t == lw.wo()) {
                return OpKind.ATTN_OUT.cliName();
            } else if (t == lw.gate()) {
                return OpKind.FFN_GATE.cliName();
            } else if (t == lw.up()) {
                return OpKind.FFN_UP.cliName();
            } else if (t == lw.down()) {
                return OpKind.FFN_DOWN.cliName();
            }
        }
        return "";
    }
}
