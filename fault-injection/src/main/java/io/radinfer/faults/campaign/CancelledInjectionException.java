package io.radinfer.faults.campaign;

/**
 * Thrown by {@link Cancellation#checkpoint()} once the watchdog has declared an injection hung; it unwinds the
 * forward pass so the worker thread is free again. The injection is already recorded as a hang.
 */
public class CancelledInjectionException extends RuntimeException {
    /** Creates the exception (no stack trace needed: it is control flow, not a fault). */
    public CancelledInjectionException() {
        super("injection cancelled after its time-out", null, false, false);
    }
}
