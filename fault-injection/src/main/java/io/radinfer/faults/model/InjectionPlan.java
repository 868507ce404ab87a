package io.radinfer.faults.model;

/**
 * Where, when and how one injection corrupts the run: everything the injector needs, derived from the campaign
 * seed and the injection id alone.
 *
 * @param id the injection id, {@code 0 <= id < N}
 * @param seed the per-injection seed derived from (campaign seed, id)
 * @param target what is injected into
 * @param region the hit tensor or buffer
 * @param token the decode step at which the fault is injected (0 = before the first token for at-rest targets)
 * @param element index of the hit element (value or quant block) in the region
 * @param bit the anchor bit inside the element
 * @param fault the fault model
 * @param pattern random bits the fault model may use (burst masks, stuck-at value)
 */
public record InjectionPlan(long id, long seed, Target target, TargetRegion region, int token, long element,
        int bit, FaultModel fault, long pattern) {

    /** Byte offset of the hit element in its region. */
    public long elementOffset() {
        return element * region.format().bytes();
    }

    /** Applies the fault to the region's bytes at this plan's location. */
    public Corruption applyTo(ByteTarget regionBytes) {
        return fault.apply(regionBytes, elementOffset(), region.format().bytes(), bit, pattern);
    }
}
