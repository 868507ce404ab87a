package io.radinfer.runtime;

/** Receives generated tokens as they are sampled. */
@FunctionalInterface
public interface TokenListener {
    /**
     * Called once per generated token (not for prompt tokens).
     *
     * @param token the sampled id
     * @param position the position whose logits produced it (0-based)
     * @return {@code true} to continue, {@code false} to stop generating
     */
    boolean onToken(int token, int position);
}
