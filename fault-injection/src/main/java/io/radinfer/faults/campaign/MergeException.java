package io.radinfer.faults.campaign;

import java.io.IOException;

/**
 * Shard directories that cannot be merged: they hold different campaigns (model, seed, fault, golden run ...),
 * or the same injection id with different outcomes (a replay that is not deterministic). The message names the
 * directories and the difference.
 */
public class MergeException extends IOException {
    /** @param message what differs, and where */
    public MergeException(String message) {
        super(message);
    }
}
