package io.radinfer.runtime.inject;

/**
 * The seams where faults can be planted, for fault-injection campaigns and the protection tests. A session
 * with no injector runs none of this (one null check per op); an injector sees:
 * <ul>
 *   <li>{@link #beforeForward}: memory at rest, before a forward pass starts — weight values and block
 *       scales, the KV cache;</li>
 *   <li>{@link #afterKernel}: a kernel's output (and, for the integer path, its accumulators) right after
 *       one execution, before any check or vote — a transient computation fault;</li>
 *   <li>{@link #atRest}: an op's output after it was checked and accepted, before the next op reads it — an
 *       upset in an activation buffer.</li>
 * </ul>
 * The site objects are reused between calls: read them inside the call, do not keep them. Implementations
 * are called on the session's thread (or a spatial-TMR replica's thread) and must not block.
 */
public interface FaultInjector {

    /** Called before the forward pass for positions {@code position .. position + batch - 1}. */
    default void beforeForward(int position, int batch, MemorySite memory) {
    }

    /** Called after each execution of a kernel (every replica and every recompute). */
    default void afterKernel(OpSite site) {
    }

    /** Called after an op's output was accepted, before it is consumed. */
    default void atRest(OpSite site) {
    }
}
