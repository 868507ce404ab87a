package io.radinfer.faults.campaign;

/**
 * The parallel runner gave up: the results could not be written, planning failed, or too many hung injections
 * ignored their cancellation and still occupy threads. Results written before the abort are kept; rerunning
 * the same command resumes.
 */
public class CampaignAbortedException extends RuntimeException {
    /**
     * @param message why the run stopped and what to do
     * @param cause the underlying error, if any
     */
    public CampaignAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
