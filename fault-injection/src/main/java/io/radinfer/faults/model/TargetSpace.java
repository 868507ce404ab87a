package io.radinfer.faults.model;

import java.util.List;

/**
 * The space of places a fault can land in one run, as the runtime sees it: which regions each target has,
 * how big they are, and how many tokens the run lasts. The runtime's injector implements it for a loaded model
 * and its session; {@link InjectionPlanner} samples it.
 *
 * <p>Implementations must be deterministic: the same model and options give the same regions in the same
 * order, because plans are reproduced from (seed, id) alone.
 */
public interface TargetSpace {

    /** How many decode steps (tokens) the run has; injection times are drawn from {@code [0, steps())}. */
    int steps();

    /**
     * The regions of {@code target} that hold live data at {@code token}, in a fixed order. For the KV cache
     * this grows with the token (positions not yet written cannot hold a fault that matters); for weights it is
     * the same at every token. Empty if the model has no such target (e.g. scales of an all-f32 model).
     *
     * @param target what is injected into
     * @param token the decode step, {@code 0 <= token < steps()}
     */
    List<TargetRegion> regions(Target target, int token);
}
