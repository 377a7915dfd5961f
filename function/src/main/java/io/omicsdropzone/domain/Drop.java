package io.omicsdropzone.domain;

import io.omicsdropzone.domain.pipeline.PipelineFingerprint;

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
 * @param pipeline   the pipeline the key was routed to (its name); null before routing, for a key under no
 *                   pipeline's prefix, and for drops recorded before pipelines existed
 * @param parametersNotChecked why pre-flight could not check the runs' parameters (the workflow lookup was denied,
 *                   or it has no template); null when they were checked or the drop was not validated
 * @param snapshot   the immutable copy StartRunBatch reads ({@code s3UriSettings}); null before validation and for
 *                   drops recorded before snapshots existed
 * @param redriveOf  the requestId this drop re-drives; null for a dropped file
 * @param redrives   the requestIds of this drop's re-drives, in the order they were started
 * @param duplicateUploads upload ids (versionId, else sequencer) of identical re-uploads already announced
 * @param content    the content's SHA-256 and, for a DUPLICATE or a re-upload of a REJECTED drop, the drop it refers to
 * @param supersedes the notificationId of an earlier {@code SubmissionFailed} this drop's {@code BatchSubmitted}
 *                   corrects (its batch was found after it had been announced FAILED); null otherwise
 * @param ranWith    the pipeline settings the drop was validated for (re-drives run the same); null for drops
 *                   recorded before they were kept
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
        String parametersNotChecked,
        Snapshot snapshot,
        String redriveOf,
        List<String> redrives,
        Set<String> duplicateUploads,
        String pipeline,
        ContentIdentity content,
        String supersedes,
        PipelineFingerprint ranWith) {

    /** A drop without a content identity yet, a correction or recorded pipeline settings. */
    public Drop(String requestId, DropStatus status, DroppedObject object, String batchName, long runCount,
                String batchId, String batchArn, String batchStatus, List<String> errors, long errorCount,
                int attempts, String lastError, String leaseOwner, Instant leaseUntil, Instant createdAt,
                Instant updatedAt, Instant notifiedAt, BatchProgress progress, String parametersNotChecked,
                Snapshot snapshot, String redriveOf, List<String> redrives, Set<String> duplicateUploads,
                String pipeline) {
        this(requestId, status, object, batchName, runCount, batchId, batchArn, batchStatus, errors, errorCount,
                attempts, lastError, leaseOwner, leaseUntil, createdAt, updatedAt, notifiedAt, progress,
                parametersNotChecked, snapshot, redriveOf, redrives, duplicateUploads, pipeline, null, null, null);
    }

    /** A drop not yet routed to a pipeline, or recorded before pipelines existed. */
    public Drop(String requestId, DropStatus status, DroppedObject object, String batchName, long runCount,
                String batchId, String batchArn, String batchStatus, List<String> errors, long errorCount,
                int attempts, String lastError, String leaseOwner, Instant leaseUntil, Instant createdAt,
                Instant updatedAt, Instant notifiedAt, BatchProgress progress, String parametersNotChecked,
                Snapshot snapshot, String redriveOf, List<String> redrives, Set<String> duplicateUploads) {
        this(requestId, status, object, batchName, runCount, batchId, batchArn, batchStatus, errors, errorCount,
                attempts, lastError, leaseOwner, leaseUntil, createdAt, updatedAt, notifiedAt, progress,
                parametersNotChecked, snapshot, redriveOf, redrives, duplicateUploads, null);
    }

    /** This drop routed to {@code pipeline} (recorded with the drop's next state change). */
    public Drop withPipeline(String pipeline) {
        return new Drop(requestId, status, object, batchName, runCount, batchId, batchArn, batchStatus, errors,
                errorCount, attempts, lastError, leaseOwner, leaseUntil, createdAt, updatedAt, notifiedAt, progress,
                parametersNotChecked, snapshot, redriveOf, redrives, duplicateUploads, pipeline, content,
                supersedes, ranWith);
    }

    /** This drop with {@code content} (recorded with the drop's next state change). */
    public Drop withContent(ContentIdentity content) {
        return new Drop(requestId, status, object, batchName, runCount, batchId, batchArn, batchStatus, errors,
                errorCount, attempts, lastError, leaseOwner, leaseUntil, createdAt, updatedAt, notifiedAt, progress,
                parametersNotChecked, snapshot, redriveOf, redrives, duplicateUploads, pipeline, content,
                supersedes, ranWith);
    }

    /** This drop recording the pipeline settings it is validated for (written with its next state change). */
    public Drop withRanWith(PipelineFingerprint fingerprint) {
        return new Drop(requestId, status, object, batchName, runCount, batchId, batchArn, batchStatus, errors,
                errorCount, attempts, lastError, leaseOwner, leaseUntil, createdAt, updatedAt, notifiedAt, progress,
                parametersNotChecked, snapshot, redriveOf, redrives, duplicateUploads, pipeline, content, supersedes,
                fingerprint);
    }

    public Drop {
        errors = errors == null ? List.of() : List.copyOf(errors);
        progress = progress == null ? BatchProgress.NONE : progress;
        redrives = redrives == null ? List.of() : List.copyOf(redrives);
        duplicateUploads = duplicateUploads == null ? Set.of() : Set.copyOf(duplicateUploads);
        content = content == null ? ContentIdentity.NONE : content;
    }

    /** A drop without snapshot or re-drive history whose parameters were checked (or that is not validated yet). */
    public Drop(String requestId, DropStatus status, DroppedObject object, String batchName, long runCount,
                String batchId, String batchArn, String batchStatus, List<String> errors, long errorCount, int attempts,
                String lastError, String leaseOwner, Instant leaseUntil, Instant createdAt, Instant updatedAt,
                Instant notifiedAt, BatchProgress progress) {
        this(requestId, status, object, batchName, runCount, batchId, batchArn, batchStatus, errors, errorCount,
                attempts, lastError, leaseOwner, leaseUntil, createdAt, updatedAt, notifiedAt, progress, null);
    }

    /** As above, recording why pre-flight could not check the parameters. */
    public Drop(String requestId, DropStatus status, DroppedObject object, String batchName, long runCount,
                String batchId, String batchArn, String batchStatus, List<String> errors, long errorCount, int attempts,
                String lastError, String leaseOwner, Instant leaseUntil, Instant createdAt, Instant updatedAt,
                Instant notifiedAt, BatchProgress progress, String parametersNotChecked) {
        this(requestId, status, object, batchName, runCount, batchId, batchArn, batchStatus, errors, errorCount,
                attempts, lastError, leaseOwner, leaseUntil, createdAt, updatedAt, notifiedAt, progress,
                parametersNotChecked, null, null, null, null);
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
