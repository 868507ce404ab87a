package io.radinfer.bench;

import io.radinfer.runtime.Session;

/**
 * Feeds a session one token per call, starting over at position 0 when {@link #WINDOW} positions are filled, so
 * every measurement averages the same spread of attention lengths. The tokens are a fixed pseudo-random walk
 * over the vocabulary (no sampling inside the timed loop: the sampler is not what is measured).
 */
final class DecodeLoop {
    /** Positions decoded before the loop starts over. */
    static final int WINDOW = 256;

    private final Session session;
    private final int vocab;
    private int token = 1;

    DecodeLoop(Session session) {
        this.session = session;
        this.vocab = session.model().config().vocab();
    }

    /** Decodes one token and returns a logit (for the blackhole). */
    float step() {
        if (session.position() >= WINDOW) {
            session.reset();
        }
        float[] logits = session.forward(token);
        token = (int) ((token * 7919L + 13) % vocab);
        return logits[token];
    }
}
