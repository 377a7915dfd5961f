package io.omicsdropzone.domain.submission;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.Snapshot;
import io.omicsdropzone.domain.batch.StartedBatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the submit path needs of the drops table. Ownership of a drop is a time-bound lease taken with conditional
 * writes, so duplicate deliveries of one S3 event never work on the same drop at once. Every write after
 * {@link #claim} is conditional on still holding the lease and throws {@link LeaseLostException} otherwise.
 * Single-item conditional writes only: no transactions (the local stand-in has none, and none are needed).
 */
public interface SubmitRepository {

    /** Creates the drop if new, or takes over an unleased unsettled one; otherwise tells why not. */
    Claim claim(DroppedObject object, String batchName, Instant now, Duration lease);

    Optional<Drop> find(String requestId);

    /**
     * Takes over an existing drop by its requestId (the one resume path: stuck drops of S3 events and re-drives
     * alike), as {@link #claim} does for an existing one: settled, busy, or claimed by this call.
     */
    Claim claimExisting(String requestId, Instant now, Duration lease);

    /** Records that StartRunBatch is about to be called (a later retry resumes here with the same requestId). */
    default Drop markSubmitting(Drop drop, long runCount, Instant now) {
        return markSubmitting(drop, runCount, null, null, now);
    }

    /**
     * Records that StartRunBatch is about to be called, with the snapshot it will read (recorded before the call, so
     * a resume reuses it instead of copying again under a running batch) and why the parameters were not checked
     * (null: they were).
     */
    Drop markSubmitting(Drop drop, long runCount, Snapshot snapshot, String parametersNotChecked, Instant now);

    /**
     * Claims a new drop for an identical re-upload of a REJECTED drop (same ETag, so {@code object.requestId()} is the
     * rejected one's): the drop {@code requestId} (derived from the rejected requestId and the upload), linked to it by
     * {@code reuploadOf}; otherwise as {@link #claim}.
     */
    Claim claimReupload(DroppedObject object, String requestId, String reuploadOf, String batchName, Instant now,
                        Duration lease);

    /**
     * Claims the content {@code sha256} under the drop's bucket and key for the drop: a conditional put of one content
     * item, so of concurrent drops with the same content exactly one wins. Returns the requestId that holds the
     * content: the drop's own when it won now or earlier (a retry), another drop's otherwise. No lease needed: the
     * item only ever names one holder.
     */
    String claimContent(Drop drop, String sha256, Instant now);

    /**
     * Moves the content from {@code holder}, a drop that ended REJECTED after claiming it, to {@code drop}; conditional
     * on the holder still being {@code holder}. False when another drop moved it first.
     */
    boolean takeOverContent(Drop drop, String sha256, String holder, Instant now);

    /** Records the content hash on a drop that holds its content (as lease owner). */
    Drop recordContent(Drop drop, String sha256, Instant now);

    /** Records the terminal DUPLICATE outcome: the drop's content is held by {@code holder} (as lease owner). */
    Drop recordDuplicate(Drop drop, String sha256, String holder, Instant now);

    /** Remembers that the identical re-upload {@code uploadId} was announced (DuplicateFile); no lease needed. */
    void recordDuplicateUpload(Drop drop, String uploadId, Instant now);

    Drop recordSubmitted(Drop drop, StartedBatch batch, Instant now);

    Drop recordRejected(Drop drop, long runCount, List<String> errors, long errorCount, Instant now);

    Drop recordFailed(Drop drop, List<String> errors, Instant now);

    /** Records a retryable failure and gives up the lease so the next delivery can resume at once. */
    void releaseAfterRetryableError(Drop drop, String error, Instant now);

    /** Marks the outcome notification as published, releases the lease and leaves the stuck-drops index. */
    void markNotified(Drop drop, Instant now);

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
