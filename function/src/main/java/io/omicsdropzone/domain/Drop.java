package io.omicsdropzone.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The durable record of one dropped file (one DynamoDB item).
 *
 * @param errors     bounded list of human-readable problems (REJECTED / FAILED)
 * @param errorCount total problems found, may exceed {@code errors.size()}
 * @param attempts   submission attempts that ended in a retryable error
 * @param lastError  the most recent retryable error, for operators
 * @param leaseOwner the invocation that owns the drop while {@code leaseUntil} is in the future; others wait
 * @param notifiedAt when the outcome's notification was published; null until then
 * @param snapshot   the immutable copy StartRunBatch reads ({@code s3UriSettings}); null before validation and for
 *                   drops recorded before snapshots existed
 * @param redriveOf  the requestId this drop re-drives; null for a dropped file
 * @param redrives   the requestIds of this drop's re-drives, in the order they were started
 * @param duplicateUploads upload ids (versionId, else sequencer) of identical re-uploads already announced
 */
public record Drop(
        String requestId,
        DropStatus status,
        DroppedObject object,
        String batchName,
        long runCount,
        String batchId,
        String batchArn,
        String batchStatus,
        List<String> errors,
        long errorCount,
        int attempts,
        String lastError,
        String leaseOwner,
        Instant leaseUntil,
        Instant createdAt,
        Instant updatedAt,
        Instant notifiedAt,
        BatchProgress progress,
        Snapshot snapshot,
        String redriveOf,
        List<String> redrives,
        Set<String> duplicateUploads) {

    public Drop {
        errors = errors == null ? List.of() : List.copyOf(errors);
        progress = progress == null ? BatchProgress.NONE : progress;
        redrives = redrives == null ? List.of() : List.copyOf(redrives);
        duplicateUploads = duplicateUploads == null ? Set.of() : Set.copyOf(duplicateUploads);
    }

    /** A drop without snapshot or re-drive history (as every drop was before snapshots). */
    public Drop(String requestId, DropStatus status, DroppedObject object, String batchName, long runCount,
                String batchId, String batchArn, String batchStatus, List<String> errors, long errorCount, int attempts,
                String lastError, String leaseOwner, Instant leaseUntil, Instant createdAt, Instant updatedAt,
                Instant notifiedAt, BatchProgress progress) {
        this(requestId, status, object, batchName, runCount, batchId, batchArn, batchStatus, errors, errorCount,
                attempts, lastError, leaseOwner, leaseUntil, createdAt, updatedAt, notifiedAt, progress, null, null,
                null, null);
    }

    /** Where StartRunBatch reads the run settings: the snapshot, or the dropped object for older drops. */
    public String settingsUri() {
        return snapshot != null ? snapshot.uri() : object.s3Uri();
    }

    public boolean settled() {
        return status.terminal() && notifiedAt != null;
    }

    public boolean leasedAt(Instant now) {
        return leaseUntil != null && leaseUntil.isAfter(now);
    }
}
