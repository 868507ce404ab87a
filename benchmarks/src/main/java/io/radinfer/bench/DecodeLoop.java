package io.radinfer.bench;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.protect.ProtectionPolicy;
import io.radinfer.runtime.protect.ProtectionPreset;

import java.time.Duration;

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

    /**
     * A session of {@code model} for this loop: {@code threads} threads, a context of {@link #WINDOW}, the
     * protection {@code preset} (by its command-line name) with the background scrub every {@code scrub}
     * ({@link Duration#ZERO}: off).
     */
    static Session protectedSession(Model model, String preset, Duration scrub, int threads) {
        ProtectionPolicy policy = ProtectionPolicy.builder(ProtectionPreset.parse(preset)).scrubPeriod(scrub).build();
        return model.newSession(SessionOptions.defaults().withThreads(threads).withContextLength(WINDOW)
                .withProtection(policy));
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
