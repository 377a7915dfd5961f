package io.omicsdropzone.domain.tracking;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.StartedBatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What batch tracking, the reconciler's sweep and the operator commands need of the drops table. Writes carry their
 * own conditions: observations only move a batch forward, announcements and give-ups run under a lease.
 */
public interface TrackingRepository {

    Optional<Drop> find(String requestId);

    /** The drop whose batch has this id (through the {@code byBatchId} index). */
    Optional<Drop> findByBatchId(String batchId);

    /**
     * Records the observation if it moves the batch forward: a later status in {@link BatchStatusOrder}, or the same
     * status seen no earlier. Returns the drop as stored afterwards, or empty when the observation was stale.
     */
    Optional<Drop> applyObservation(Drop drop, BatchObservation observation, Instant now);

    /** Takes the lease to announce the batch's terminal state; empty when announced already or being announced. */
    Optional<Drop> claimCompletionNotice(Drop drop, Instant now, Duration lease);

    /** Under the completion lease: GetBatch says the batch no longer exists; records that as its final state. */
    Drop recordBatchNotFound(Drop drop, String message, Instant now);

    /** The terminal state was announced: leaves the open-batches index and releases the lease. */
    void markCompletionNotified(Drop drop, Instant now);

    /** Gives the completion lease back after a failed announcement, so the next sighting can retry at once. */
    void releaseCompletionNotice(Drop drop, String error, Instant now);

    /**
     * Drops whose batch is not yet announced as finished, and neither observed nor polled since
     * {@code quietBefore}; oldest first (so a batch that keeps failing is skipped until its poll stamp ages).
     */
    List<Drop> openBatches(Instant quietBefore, int limit);

    /** Stamps a GetBatch poll: {@code error} null for success (resets the failure count), else counts a failure. */
    Drop recordPoll(Drop drop, String error, Instant now);

    // ---- stuck drops ------------------------------------------------------------------------------------------

    /** Unsettled drops (the sparse {@code openDrops} index) not updated since {@code updatedBefore}, oldest first. */
    List<Drop> stuckDrops(Instant updatedBefore, int limit);

    /**
     * Marks that the reconciler asked for a resume, if nobody touched the drop since it was read (so concurrent
     * passes resume it once). Moves {@code updatedAt}, which keeps it out of the next passes for a while.
     */
    boolean markResumeRequested(Drop drop, Instant now);

    /** Takes the lease of a stuck drop as it was read; empty when another invocation changed it meanwhile. */
    Optional<Drop> takeOverStuck(Drop drop, Instant now, Duration lease);

    /** Takes the lease of a FAILED drop (announced or not) to correct it; empty when it is leased or not FAILED. */
    Optional<Drop> takeOverFailed(Drop drop, Instant now, Duration lease);

    /**
     * Under the caller's lease: HealthOmics has a batch for this drop after all (found by ListBatch and GetBatch).
     * The drop becomes SUBMITTED with it, its batch is tracked, and it is open again until its BatchSubmitted is
     * announced; {@code supersedes} names the SubmissionFailed it corrects (null when none was announced).
     */
    Drop recordBatchFound(Drop drop, StartedBatch batch, String supersedes, Instant now);

    /** Under the lease of {@link #takeOverStuck}: the drop is failed for good, with its last error. */
    Drop recordGaveUp(Drop drop, List<String> errors, Instant now);

    /** The outcome notification was published: releases the lease and leaves the stuck-drops index. */
    void markNotified(Drop drop, Instant now);

    // ---- operators --------------------------------------------------------------------------------------------

    void recordCancelRequested(Drop drop, Instant now);

    /** Every drop, for the operator's {@code status --all}; a full read, never used by the functions. */
    List<Drop> listAll();
}
