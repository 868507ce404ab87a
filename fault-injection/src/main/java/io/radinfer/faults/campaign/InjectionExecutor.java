package io.radinfer.faults.campaign;

import io.radinfer.faults.model.InjectionPlan;

/**
 * Runs one injection: applies the plan's fault to a fresh session, generates, compares with the golden run and
 * classifies. The runtime provides the implementation; {@link ParallelInjectionRunner} calls it from several
 * threads at once, one plan per call, so an implementation keeps per-call state (session, buffers) per thread.
 *
 * <p>Contract:
 * <ul>
 *   <li>Return the result for {@code plan} (same id), classified as masked, sdc, detected_corrected or
 *       detected_uncorrectable (catch protection's typed uncorrectable-fault exception and report it as such).
 *       A NaN/Inf in the output where the protection mode should have caught it is a {@code crash}.
 *   <li>Any exception thrown out of {@code execute} is recorded as a {@code crash} with its type and message.
 *   <li>Check {@link Cancellation#checkpoint()} between ops (at least once per layer and token). When the
 *       runner's watchdog declares the injection hung, it cancels it, and the next checkpoint throws
 *       {@link CancelledInjectionException}, which frees the thread.
 * </ul>
 */
@FunctionalInterface
public interface InjectionExecutor {

    /**
     * Runs {@code plan} and classifies the outcome.
     *
     * @param plan where, when and how to inject
     * @param cancellation checked by the forward pass between ops
     * @return the classified result for {@code plan.id()}
     * @throws Exception anything else, recorded as a crash
     */
    InjectionResult execute(InjectionPlan plan, Cancellation cancellation) throws Exception;
}
