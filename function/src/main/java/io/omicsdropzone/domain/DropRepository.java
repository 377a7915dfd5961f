package io.omicsdropzone.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of drops (DynamoDB). Ownership of a drop is a time-bound lease taken with conditional writes, so
 * duplicate deliveries of one S3 event never work on the same drop at once. The submission writes after
 * {@link #claim} and {@link #markCompletionNotified} are conditional on still holding the lease and throw
 * {@link LeaseLostException} otherwise; the tracking writes carry their own conditions.
 */
public interface DropRepository {

    /** Creates the drop if new, or takes over an unleased unsettled one; otherwise tells why not. */
    Claim claim(DroppedObject object, String batchName, Instant now, Duration lease);

    Optional<Drop> find(String requestId);

    /** Records that StartRunBatch is about to be called (a later retry resumes here with the same requestId). */
    Drop markSubmitting(Drop drop, long runCount, Instant now);

    Drop recordSubmitted(Drop drop, StartedBatch batch, Instant now);

    Drop recordRejected(Drop drop, long runCount, List<String> errors, long errorCount, Instant now);

    Drop recordFailed(Drop drop, List<String> errors, Instant now);

    /** Records a retryable failure and gives up the lease so the next delivery can resume at once. */
    void releaseAfterRetryableError(Drop drop, String error, Instant now);

    /** Marks the outcome notification as published and releases the lease. */
    void markNotified(Drop drop, Instant now);

    // ---- batch tracking --------------------------------------------------------------------------------------

    /** The drop whose batch has this id (through the {@code byBatchId} index). */
    Optional<Drop> findByBatchId(String batchId);

    /**
     * Records the observation if it moves the batch forward: a later status in {@link BatchStatusOrder}, or the same
     * status seen no earlier. Returns the drop as stored afterwards, or empty when the observation was stale.
     */
    Optional<Drop> applyObservation(Drop drop, BatchObservation observation, Instant now);

    /** Takes the lease to announce the batch's terminal state; empty when announced already or being announced. */
    Optional<Drop> claimCompletionNotice(Drop drop, Instant now, Duration lease);

    /** The terminal state was announced: leaves the open-batches index and releases the lease. */
    void markCompletionNotified(Drop drop, Instant now);

    /** Drops whose batch is not yet announced as finished, not observed since {@code observedBefore}, oldest first. */
    List<Drop> openBatches(Instant observedBefore, int limit);

    void recordCancelRequested(Drop drop, Instant now);

    /** Every drop, for the operator's {@code status --all}; a full read, never used by the functions. */
    List<Drop> listAll();

    /** The outcome of {@link #claim}. */
    sealed interface Claim {
        Drop drop();
    }

    /** This invocation owns the drop until the lease ends; continue from {@code drop.status()}. */
    record Claimed(Drop drop) implements Claim {
    }

    /** Another invocation holds the lease. */
    record Busy(Drop drop) implements Claim {
    }

    /** Already submitted, rejected or failed, and notified: nothing left to do. */
    record Settled(Drop drop) implements Claim {
    }

    /** Another invocation took the drop over (this one outlived its lease). */
    final class LeaseLostException extends RuntimeException {
        public LeaseLostException(String requestId) {
            super("lease on drop " + requestId + " was taken over by another invocation");
        }
    }
}
