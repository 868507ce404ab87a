package io.radinfer.faults.model;

/**
 * A fault model: how one upset corrupts raw bits, independent of where it lands. The location comes from an
 * {@link InjectionPlan}: a byte range (one tensor or buffer), the byte offset of the hit element, the element's
 * size and an anchor bit inside the element (bit {@code b} is bit {@code b % 8} of byte {@code b / 8}, little
 * endian, as ggml and the JVM store numbers).
 *
 * <p>Applying the same model at the same location with the same {@code pattern} always gives the same bytes,
 * which is what makes an injection replayable from its id.
 */
public sealed interface FaultModel permits BitFlip, MultiBitUpset, StuckAt, Burst {

    /**
     * Corrupts {@code target}.
     *
     * @param target the bytes of the hit tensor or buffer
     * @param elementOffset byte offset of the hit element (value or quant block) in {@code target}
     * @param elementBytes size of that element in bytes
     * @param bit the anchor bit inside the element, {@code 0 <= bit < 8 * elementBytes}
     * @param pattern per-injection random bits for the models that need them (burst masks, stuck-at value
     *        when not fixed); taken from the injection's seed
     * @return what changed, for undo and reporting
     */
    Corruption apply(ByteTarget target, long elementOffset, int elementBytes, int bit, long pattern);

    /**
     * Whether the fault holds for the whole run (stuck-at): the injector must re-apply it after every write to
     * the location. Other models are one-off upsets.
     */
    boolean persistent();

    /** The command-line spelling, e.g. {@code bitflip}, {@code mbu:2}, {@code burst:8}; parsed by {@link FaultSpec}. */
    String cliName();

    /**
     * Checks that the model fits an element of this size, e.g. that a 4-bit MBU is not asked of a 2-bit
     * element.
     *
     * @throws FaultSpecException if it cannot be applied to such elements
     */
    default void checkFits(ElementFormat format) {
    }
}
