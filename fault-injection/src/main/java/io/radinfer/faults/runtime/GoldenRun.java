package io.radinfer.faults.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fault-free run every injection is compared with: the token chosen at each step (including a final BOS or
 * EOS that ended the run) and the logits it was chosen from.
 *
 * @param tokens the sampled token of each step, {@code steps()} of them
 * @param logits the logits of each step, {@code vocab} per step, row-major
 * @param vocab logits per step
 * @param durationMs wall time of the run
 */
public record GoldenRun(int[] tokens, float[] logits, int vocab, double durationMs) {

    /** Forward passes (sampling steps) of the run. */
    public int steps() {
        return tokens.length;
    }

    /**
     * A SHA-256 digest (hex) of the tokens and the raw bits of the logits: equal fingerprints mean the same
     * fault-free behaviour, which shards and resumed runs must share.
     */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(4 * (tokens.length + logits.length)).order(ByteOrder.LITTLE_ENDIAN);
            for (int t : tokens) {
                b.putInt(t);
            }
            for (float f : logits) {
                b.putInt(Float.floatToRawIntBits(f));
            }
            return HexFormat.of().formatHex(md.digest(b.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
