package io.radinfer.faults.model;

/**
 * One contiguous piece of a target: a weight tensor, an op's output buffer in one layer, one layer's KV cache,
 * an accumulator array.
 *
 * @param name the tensor or buffer name, e.g. {@code blk.3.ffn_down.weight} or {@code blk.3.attn_out}
 * @param layer the transformer layer, or -1 for tensors outside the blocks (embedding, output head)
 * @param op the op that reads or produces it, e.g. {@code ffn_down}; may be empty for at-rest tensors read by
 *        no single op
 * @param elements how many elements (values or quant blocks) a fault can hit, at least 1
 * @param format the element layout
 */
public record TargetRegion(String name, int layer, String op, long elements, ElementFormat format) {

    /** Checks the fields. */
    public TargetRegion {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("region name must not be empty");
        }
        if (layer < -1) {
            throw new IllegalArgumentException("layer must be -1 (no layer) or >= 0, got " + layer);
        }
        if (op == null) {
            op = "";
        }
        if (elements < 1) {
            throw new IllegalArgumentException("region " + name + " must have at least one element, got " + elements);
        }
        if (format == null) {
            throw new IllegalArgumentException("region " + name + " needs an element format");
        }
    }
}
