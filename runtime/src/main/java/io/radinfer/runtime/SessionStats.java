package io.radinfer.runtime;

/**
 * Counters of one session. A snapshot: values do not change after it was taken. The protection counters are
 * totals over all layers and ops (per-op detail: {@link Session#protectionStats()}); the scrub counters are
 * the model's scrubber's, shared by all sessions of the model.
 *
 * @param promptTokens prompt positions processed (prefill)
 * @param prefillNanos time spent in prefill
 * @param generatedTokens tokens produced by decoding
 * @param decodeNanos time spent decoding
 * @param detected faults detected (a check failed, replicas disagreed, a guard or CRC mismatched)
 * @param corrected detected faults that were corrected
 * @param recomputed extra computations spent on recovery
 * @param uncorrectable faults that stayed after the retry budget
 * @param replays forward passes (or sequences) replayed because an input was found corrupted
 * @param scrubPasses completed scrub passes over all weights
 * @param scrubRepairs weight regions restored from the golden copy
 * @param scrubFailedRepairs corrupt weight regions the scrubber could not restore
 */
public record SessionStats(long promptTokens, long prefillNanos, long generatedTokens, long decodeNanos,
        long detected, long corrected, long recomputed, long uncorrectable, long replays,
        long scrubPasses, long scrubRepairs, long scrubFailedRepairs) {

    /** Prompt tokens per second, or 0 if none. */
    public double prefillTokensPerSecond() {
        return prefillNanos == 0 ? 0 : promptTokens * 1e9 / prefillNanos;
    }

    /** Decoded tokens per second, or 0 if none. */
    public double decodeTokensPerSecond() {
        return decodeNanos == 0 ? 0 : generatedTokens * 1e9 / decodeNanos;
    }

    /** The protection counters as one line, for logs and the CLI. */
    public String protectionSummary() {
        return "detected=" + detected + " corrected=" + corrected + " recomputed=" + recomputed
                + " uncorrectable=" + uncorrectable + " replays=" + replays + " scrub_passes=" + scrubPasses
                + " scrub_repairs=" + scrubRepairs + " scrub_failed=" + scrubFailedRepairs;
    }
}
