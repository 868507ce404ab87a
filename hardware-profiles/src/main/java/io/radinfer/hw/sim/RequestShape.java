package io.radinfer.hw.sim;

/**
 * The work a simulated run repeats: requests of a prompt and a number of generated tokens.
 *
 * @param promptTokens prompt positions prefilled per request (0 for pure decoding)
 * @param generateTokens tokens decoded per request
 * @param prefillBatch the most prompt positions one matmul pass takes (as the runtime's session option)
 */
public record RequestShape(int promptTokens, int generateTokens, int prefillBatch) {

    public RequestShape {
        if (promptTokens < 0 || generateTokens < 1 || prefillBatch < 1) {
            throw new IllegalArgumentException("a request needs prompt >= 0, generate >= 1 and prefill batch >= 1 tokens, got "
                    + promptTokens + ", " + generateTokens + ", " + prefillBatch);
        }
    }

    /** 32 prompt tokens, 224 generated (256 positions: fits every built-in model), prefill in chunks of 64. */
    public static RequestShape defaults() {
        return new RequestShape(32, 224, 64);
    }
}
