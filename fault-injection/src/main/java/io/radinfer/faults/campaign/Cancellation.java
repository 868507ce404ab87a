package io.radinfer.faults.campaign;

/**
 * A cooperative stop flag for one injection. The JVM cannot safely kill a thread, so a run that a fault sent
 * into a very long loop is stopped by asking it: the watchdog sets the flag, and the forward pass, which calls
 * {@link #checkpoint()} between ops, throws at the next op boundary.
 */
public final class Cancellation {
    private volatile boolean cancelled;

    /** Whether the injection was cancelled. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Throws if the injection was cancelled; call between ops.
     *
     * @throws CancelledInjectionException if cancelled
     */
    public void checkpoint() {
        if (cancelled) {
            throw new CancelledInjectionException();
        }
    }

    /** Asks the injection to stop at its next checkpoint. */
    public void cancel() {
        cancelled = true;
    }
}
