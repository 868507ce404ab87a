package io.radinfer.runtime;

/**
 * Counters of one session. A snapshot: values do not change after it was taken.
 *
 * @param promptTokens prompt positions processed (prefill)
 * @param prefillNanos time spent in prefill
 * @param generatedTokens tokens produced by decoding
 * @param decodeNanos time spent decoding
 */
public record SessionStats(long promptTokens, long prefillNanos, long generatedTokens, long decodeNanos) {

    /** Prompt tokens per second, or 0 if none. */
    public double prefillTokensPerSecond() {
        return prefillNanos == 0 ? 0 : promptTokens * 1e9 / prefillNanos;
    }

    /** Decoded tokens per second, or 0 if none. */
    public double decodeTokensPerSecond() {
        return decodeNanos == 0 ? 0 : generatedTokens * 1e9 / decodeNanos;
    }
}
