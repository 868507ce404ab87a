package io.radinfer.runtime.protect;

import io.radinfer.runtime.model.OpKind;

/**
 * Thrown by {@link ProtectedOps} when an input it was about to read no longer matches what was produced:
 * an activation buffer changed at rest, or the KV cache no longer matches its checksums. Local recompute
 * cannot help (the op's inputs are wrong), so the session replays: the current forward pass for an
 * activation, the whole sequence's KV cache for the cache. Preallocated and without a stack trace: it is
 * control flow on a recovery path, not an error report.
 */
public final class ReplayRequest extends RuntimeException {
    /** What must be recomputed. */
    public enum Scope {
        /** The current forward pass. */
        FORWARD,
        /** The KV cache of every earlier position, then the current forward pass. */
        SEQUENCE
    }

    private Scope scope;
    private int layer;
    private OpKind op;

    ReplayRequest() {
        super("replay requested", null, false, false);
    }

    ReplayRequest set(Scope scope, int layer, OpKind op) {
        this.scope = scope;
        this.layer = layer;
        this.op = op;
        return this;
    }

    public Scope scope() {
        return scope;
    }

    /** The layer whose check asked for the replay. */
    public int layer() {
        return layer;
    }

    /** The op whose check asked for the replay. */
    public OpKind op() {
        return op;
    }
}
