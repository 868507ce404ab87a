package io.radinfer.runtime.protect;

import io.radinfer.runtime.model.OpKind;

/**
 * A fault the protection layer detected but could not correct within its retry budget: the result of the
 * op cannot be trusted and the token is not produced. Campaigns count it as a detected-uncorrectable error
 * (DUE); on board, the caller decides (retry the request later, reload the model, reset the board).
 */
public class UncorrectableFaultException extends RuntimeException {
    private final int layer;
    private final OpKind op;
    private final int attempts;

    /**
     * @param layer the layer, or -1 for the model head
     * @param op the op whose result stayed wrong
     * @param attempts how many times it was computed
     */
    public UncorrectableFaultException(int layer, OpKind op, int attempts, String detail) {
        super("uncorrectable fault in " + (layer < 0 ? "the model head" : "layer " + layer) + ", op " + op.cliName()
                + ", after " + attempts + " attempts: " + detail);
        this.layer = layer;
        this.op = op;
        this.attempts = attempts;
    }

    public int layer() {
        return layer;
    }

    public OpKind op() {
        return op;
    }

    public int attempts() {
        return attempts;
    }
}
