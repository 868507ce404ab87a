package io.radinfer.hw.sim;

import io.radinfer.runtime.model.OpKind;

import java.util.Objects;

/**
 * One op of a forward pass as the time model sees it: how much arithmetic and how much memory traffic.
 *
 * @param layer the transformer block, or -1 for the embedding and the model head
 * @param kind the op, named as the runtime names it
 * @param opClass how it behaves on the roofline
 * @param flops floating-point (or integer multiply-add) operations, a multiply-add counted as 2
 * @param bytes bytes moved from memory (weights, KV cache, activations)
 */
public record Op(int layer, OpKind kind, OpClass opClass, double flops, double bytes) {

    public Op {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(opClass, "opClass");
        if (!(flops >= 0 && bytes >= 0)) {
            throw new IllegalArgumentException("op " + kind + " needs flops and bytes >= 0, got " + flops + ", " + bytes);
        }
    }
}
