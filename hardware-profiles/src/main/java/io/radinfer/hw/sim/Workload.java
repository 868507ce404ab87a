package io.radinfer.hw.sim;

import io.radinfer.runtime.model.OpKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The ops of a piece of inference work, in forward order, with their operation counts and bytes moved:
 * one decode step, a prefill, or a whole request (a prompt, then the generated tokens).
 * <pre>{@code
 * ModelShape m = ModelShape.builtIn("llama-1b-q8_0");
 * Workload step = Workload.decodeStep(m, 100);
 * System.out.printf("%.2f GFLOP, %.0f MB%n", step.flops() / 1e9, step.bytes() / 1e6);
 * }</pre>
 *
 * <p>Counts: a matrix of {@code r x c} weights costs {@code 2 r c} operations per token and its storage
 * bytes once per pass (once per prefill chunk); attention at position {@code p} costs {@code 4 dim (p+1)}
 * operations and reads {@code 2 (p+1) kvDim} cache values; the elementwise ops cost a few operations and a
 * few reads and writes of f32 activations per element.
 *
 * @param name what it is
 * @param ops the ops
 * @param generatedTokens tokens this work produces (1 per decode step, 0 for a prefill)
 */
public record Workload(String name, List<Op> ops, int generatedTokens) {

    public Workload {
        Objects.requireNonNull(name, "name");
        ops = List.copyOf(ops);
    }

    /** Total operations. */
    public double flops() {
        return ops.stream().mapToDouble(Op::flops).sum();
    }

    /** Total bytes moved. */
    public double bytes() {
        return ops.stream().mapToDouble(Op::bytes).sum();
    }

    /** One decode step for the token at {@code position} (0-based; it attends over {@code position + 1}). */
    public static Workload decodeStep(ModelShape m, int position) {
        requirePosition(m, position);
        List<Op> ops = new ArrayList<>();
        double w = m.bytesPerWeight();
        int d = m.dim();
        int kv = m.kvDim();
        int h = m.hiddenDim();
        ops.add(new Op(-1, OpKind.EMBED, OpClass.ELEMENTWISE, d, d * w + 4.0 * d));
        for (int l = 0; l < m.layers(); l++) {
            ops.add(norm(l, OpKind.ATTN_NORM, d, 1));
            ops.add(matvec(l, OpKind.Q, d, d, w));
            ops.add(matvec(l, OpKind.K, kv, d, w));
            ops.add(matvec(l, OpKind.V, kv, d, w));
            ops.add(new Op(l, OpKind.ROPE, OpClass.ELEMENTWISE, 6.0 * (d + kv), 8.0 * (d + kv)));
            ops.add(new Op(l, OpKind.KV_WRITE, OpClass.ELEMENTWISE, 0, 2.0 * kv * (4 + m.kvBytesPerValue())));
            double span = position + 1.0;
            ops.add(new Op(l, OpKind.ATTENTION, OpClass.ATTENTION, 4.0 * d * span + 5.0 * m.heads() * span,
                    2.0 * span * kv * m.kvBytesPerValue() + 8.0 * d));
            ops.add(matvec(l, OpKind.ATTN_OUT, d, d, w));
            ops.add(new Op(l, OpKind.ATTN_RESIDUAL, OpClass.ELEMENTWISE, d, 12.0 * d));
            ops.add(norm(l, OpKind.FFN_NORM, d, 1));
            ops.add(matvec(l, OpKind.FFN_GATE, h, d, w));
            ops.add(matvec(l, OpKind.FFN_UP, h, d, w));
            ops.add(new Op(l, OpKind.SWIGLU, OpClass.ELEMENTWISE, 6.0 * h, 12.0 * h));
            ops.add(matvec(l, OpKind.FFN_DOWN, d, h, w));
            ops.add(new Op(l, OpKind.FFN_RESIDUAL, OpClass.ELEMENTWISE, d, 12.0 * d));
        }
        ops.add(norm(-1, OpKind.OUTPUT_NORM, d, 1));
        ops.add(matvec(-1, OpKind.CLASSIFIER, m.vocab(), d, w));
        return new Workload("decode@" + position, ops, 1);
    }

    /**
     * A prefill of {@code tokens} prompt positions starting at position 0, in chunks of at most {@code batch}
     * positions (each chunk reads every weight once); logits are computed for the last position only.
     */
    public static Workload prefill(ModelShape m, int tokens, int batch) {
        if (tokens < 1 || batch < 1) {
            throw new IllegalArgumentException("prefill needs tokens >= 1 and batch >= 1, got " + tokens + ", " + batch);
        }
        requirePosition(m, tokens - 1);
        List<Op> ops = new ArrayList<>();
        double w = m.bytesPerWeight();
        int d = m.dim();
        int kv = m.kvDim();
        int h = m.hiddenDim();
        for (int start = 0; start < tokens; start += batch) {
            int n = Math.min(batch, tokens - start);
            // Sum over the chunk's positions of the span each attends over: sum_{i<n} (start + i + 1).
            double spans = n * (start + 1.0) + n * (n - 1) / 2.0;
            ops.add(new Op(-1, OpKind.EMBED, OpClass.ELEMENTWISE, (double) d * n, n * (d * w + 4.0 * d)));
            for (int l = 0; l < m.layers(); l++) {
                ops.add(norm(l, OpKind.ATTN_NORM, d, n));
                ops.add(matmul(l, OpKind.Q, d, d, w, n));
                ops.add(matmul(l, OpKind.K, kv, d, w, n));
                ops.add(matmul(l, OpKind.V, kv, d, w, n));
                ops.add(new Op(l, OpKind.ROPE, OpClass.ELEMENTWISE, 6.0 * (d + kv) * n, 8.0 * (d + kv) * n));
                ops.add(new Op(l, OpKind.KV_WRITE, OpClass.ELEMENTWISE, 0, 2.0 * kv * (4 + m.kvBytesPerValue()) * n));
                ops.add(new Op(l, OpKind.ATTENTION, OpClass.ATTENTION, 4.0 * d * spans + 5.0 * m.heads() * spans,
                        2.0 * spans * kv * m.kvBytesPerValue() + 8.0 * d * n));
                ops.add(matmul(l, OpKind.ATTN_OUT, d, d, w, n));
                ops.add(new Op(l, OpKind.ATTN_RESIDUAL, OpClass.ELEMENTWISE, (double) d * n, 12.0 * d * n));
                ops.add(norm(l, OpKind.FFN_NORM, d, n));
                ops.add(matmul(l, OpKind.FFN_GATE, h, d, w, n));
                ops.add(matmul(l, OpKind.FFN_UP, h, d, w, n));
                ops.add(new Op(l, OpKind.SWIGLU, OpClass.ELEMENTWISE, 6.0 * h * n, 12.0 * h * n));
                ops.add(matmul(l, OpKind.FFN_DOWN, d, h, w, n));
                ops.add(new Op(l, OpKind.FFN_RESIDUAL, OpClass.ELEMENTWISE, (double) d * n, 12.0 * d * n));
            }
        }
        ops.add(norm(-1, OpKind.OUTPUT_NORM, d, 1));
        ops.add(matvec(-1, OpKind.CLASSIFIER, m.vocab(), d, w));
        return new Workload("prefill[" + tokens + "]", ops, 0);
    }

    /** One request: a prefill of {@code promptTokens}, then {@code generateTokens} decode steps after it. */
    public static List<Workload> request(ModelShape m, int promptTokens, int generateTokens, int batch) {
        if (generateTokens < 1) {
            throw new IllegalArgumentException("a request generates at least one token, got " + generateTokens);
        }
        requirePosition(m, promptTokens + generateTokens - 1);
        List<Workload> out = new ArrayList<>();
        if (promptTokens > 0) {
            out.add(prefill(m, promptTokens, batch));
        }
        for (int i = 0; i < generateTokens; i++) {
            out.add(decodeStep(m, promptTokens + i));
        }
        return Collections.unmodifiableList(out);
    }

    private static void requirePosition(ModelShape m, int position) {
        if (position < 0 || position >= m.contextLength()) {
            throw new IllegalArgumentException("position " + position + " is outside the context of " + m.name()
                    + " (" + m.contextLength() + " positions)");
        }
    }

    private static Op norm(int layer, OpKind kind, int d, int n) {
        return new Op(layer, kind, OpClass.ELEMENTWISE, 4.0 * d * n, 4.0 * d * (2.0 * n + 1));
    }

    private static Op matvec(int layer, OpKind kind, int rows, int cols, double bytesPerWeight) {
        return new Op(layer, kind, OpClass.MATVEC, 2.0 * rows * cols,
                (double) rows * cols * bytesPerWeight + 4.0 * (rows + cols));
    }

    private static Op matmul(int layer, OpKind kind, int rows, int cols, double bytesPerWeight, int n) {
        return new Op(layer, kind, OpClass.MATMUL, 2.0 * rows * cols * n,
                (double) rows * cols * bytesPerWeight + 4.0 * (rows + cols) * n);
    }
}
