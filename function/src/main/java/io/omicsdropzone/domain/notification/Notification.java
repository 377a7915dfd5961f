package io.omicsdropzone.domain.notification;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.BatchRun;

import io.omicsdropzone.disclosure.DisclosedBody;
import io.omicsdropzone.disclosure.DisclosedText;
import io.omicsdropzone.disclosure.Field;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One outcome message: {@code type} and {@code notificationId} (both also sent as message attributes) and a flat JSON
 * body whose values are strings, numbers, lists of strings or nested maps.
 *
 * <p>Delivery is at least once: a crash between publishing and recording the publication publishes again. The
 * {@code notificationId} is the same every time the same notification is published (it is derived from what the
 * message is about, never from a clock or a random source), so a subscriber drops duplicates by remembering the ids
 * it has seen.
 *
 * <p>Bodies are built as {@link DisclosedBody}s whose sensitive values are fields, and rendered for the mode: with
 * {@link Disclosure#PHI_SAFE} they carry {@code keyHash} instead of {@code key}, no service message (it may echo the
 * S3 URI), no runSettingIds, and errors as the drop recorded them with the key shown by its hash; see
 * {@link #outcomeOf(Drop, Disclosure)} for what the drop's errors must already be.
 *
 * @param notificationId {@code <type>:<requestId>} for a drop's outcome, {@code <type>:<batchId>} for messages about
 *                       a batch
 */
public record Notification(String type, String notificationId, Map<String, Object> body) {

    public static final String BATCH_SUBMITTED = "BatchSubmitted";
    public static final String FILE_REJECTED = "FileRejected";
    public static final String SUBMISSION_FAILED = "SubmissionFailed";
    /** The reconciler found that GetBatch no longer knows the drop's batch, and closed the drop. */
    public static final String BATCH_NOT_FOUND = "BatchNotFound";
    /** Identical bytes were uploaded again to a key already handled; no batch was started. */
    public static final String DUPLICATE_FILE = "DuplicateFile";

    /** Counters copied into completion messages, under the API's names. */
    static final List<String> COMPLETION_COUNTS = List.of("totalRuns", "successfulStartSubmissionCount",
            "failedStartSubmissionCount", "completedRunCount", "failedRunCount", "cancelledRunCount");

    /** Body order: {@code type}, {@code notificationId}, then the rest as given. */
    public Notification {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(notificationId, "notificationId");
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("type", type);
        ordered.put("notificationId", notificationId);
        body.forEach(ordered::putIfAbsent);
        body = Collections.unmodifiableMap(ordered);
    }

    /** The id of a drop's outcome message; one per requestId and type. */
    public static String outcomeId(String type, String requestId) {
        return type + ":" + requestId;
    }

    /** The id of a message about a batch; one per batchId and type. */
    public static String batchMessageId(String type, String batchId) {
        return type + ":" + batchId;
    }

    /**
     * The message announcing a drop's terminal submission outcome.
     *
     * <p>In PHI_SAFE mode the drop's {@code errors} must already be rendered for it (the submitter stores
     * {@code ValidationError.describe(PHI_SAFE)} and {@code BatchApiException.describe(PHI_SAFE)}): a stored string
     * cannot be taken apart safely. As a second line of defence (a drop recorded before PHI_SAFE was switched on, a
     * reason that echoes the key) each error is read back as fields ({@link #recordedError}): the key, its S3 URI and
     * its file name show as {@code <key keyHash>}, and a SubmissionFailed error keeps only what precedes the first
     * {@code ": "} (the error type).
     */
    public static Notification outcomeOf(Drop drop, Disclosure disclosure) {
        if (drop.status() == DropStatus.DUPLICATE) {
            return duplicateContent(drop, null, disclosure);
        }
        String type = switch (drop.status()) {
            case SUBMITTED -> BATCH_SUBMITTED;
            case REJECTED -> FILE_REJECTED;
            case FAILED -> SUBMISSION_FAILED;
            default -> throw new IllegalArgumentException("no outcome yet for status " + drop.status());
        };
        DisclosedBody body = source(drop);
        body.put("etag", drop.object().etag());
        body.put("runCount", drop.runCount());
        if (drop.status() == DropStatus.SUBMITTED) {
            body.put("batchId", drop.batchId());
            body.put("batchArn", drop.batchArn());
            body.put("batchStatus", drop.batchStatus());
            putBatchName(body, drop);
            putLineage(body, drop);
            if (drop.parametersNotChecked() != null) {
                body.put("parametersNotChecked", drop.parametersNotChecked());
            }
            if (drop.supersedes() != null) {
                // The batch was found after SubmissionFailed had been announced: subscribers replace that outcome.
                body.put("supersedes", drop.supersedes());
            }
        } else {
            body.put("errorCount", drop.errorCount());
            List<DisclosedText> errors = new ArrayList<>(drop.errors().size());
            for (String error : drop.errors()) {
                errors.add(error == null ? null : recordedError(drop, error));
            }
            body.put("errors", errors);
        }
        return new Notification(type, outcomeId(type, drop.requestId()), body.render(disclosure));
    }

    /**
     * The message announcing a batch's terminal state ({@code BatchCompleted}, {@code BatchFailed},
     * {@code BatchCancelled}) with GetBatch's counters and the first failed submissions. PHI_SAFE leaves out the
     * batch's failure message and each failed submission's runSettingId and message (service text, which may quote
     * the file); the failure reasons stay.
     */
    public static Notification completionOf(String type, Drop drop, BatchObservation batch, List<BatchRun> failedRuns,
                                            Disclosure disclosure) {
        DisclosedBody body = source(drop);
        body.put("batchId", drop.batchId());
        body.put("batchArn", drop.batchArn());
        body.put("batchStatus", drop.batchStatus());
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String name : COMPLETION_COUNTS) {
            Long value = batch.counts().get(name);
            counts.put(name, value != null ? value : drop.progress().counts().get(name));
        }
        body.put("counts", counts);
        String reason = batch.failureReason() != null ? batch.failureReason() : drop.progress().failureReason();
        String message = batch.failureMessage() != null ? batch.failureMessage() : drop.progress().failureMessage();
        if (reason != null) {
            body.put("failureReason", reason);
        }
        if (message != null) {
            body.put("failureMessage", Field.serviceMessage(message));
        }
        if (!failedRuns.isEmpty()) {
            body.put("failedSubmissions", failedRuns.stream().map(run -> new DisclosedBody()
                    .put("runSettingId", Field.sampleId(run.runSettingId()))
                    .put("reason", run.submissionFailureReason())
                    .put("message", Field.serviceMessage(run.submissionFailureMessage()))).toList());
        }
        String id = drop.batchId() != null ? batchMessageId(type, drop.batchId()) : outcomeId(type, drop.requestId());
        return new Notification(type, id, body.render(disclosure));
    }

    /**
     * The message announcing that the reconciler closed a drop whose batch GetBatch no longer finds. {@code message}
     * is the reconciler's explanation as text; PHI_SAFE shows the key in it by its hash, as for outcome errors.
     */
    public static Notification batchNotFound(Drop drop, String message, Disclosure disclosure) {
        return batchNotFound(drop, message == null ? null : recorded(drop.object(), message), disclosure);
    }

    /** {@link #batchNotFound(Drop, String, Disclosure)} with the explanation as fields (null: none). */
    public static Notification batchNotFound(Drop drop, DisclosedText message, Disclosure disclosure) {
        DisclosedBody body = source(drop);
        body.put("batchId", drop.batchId());
        body.put("batchArn", drop.batchArn());
        body.put("batchStatus", drop.batchStatus());
        putBatchName(body, drop);
        body.put("message", message);
        String id = drop.batchId() != null ? batchMessageId(BATCH_NOT_FOUND, drop.batchId())
                : outcomeId(BATCH_NOT_FOUND, drop.requestId());
        return new Notification(BATCH_NOT_FOUND, id, body.render(disclosure));
    }

    /**
     * The message announcing that identical bytes were uploaded again to a handled key ({@code uploadId}: the new
     * upload's versionId, else its event sequencer). It names the existing drop, its status and batch, and how to run
     * the file again; one per upload, so a repeated delivery of the same event repeats the id.
     */
    public static Notification duplicateFile(Drop existing, DroppedObject upload, String uploadId,
                                             Disclosure disclosure) {
        return new Notification(DUPLICATE_FILE, DUPLICATE_FILE + ":" + existing.requestId() + ":" + uploadId,
                duplicateFileBody(existing, upload).render(disclosure));
    }

    private static DisclosedBody duplicateFileBody(Drop existing, DroppedObject upload) {
        DisclosedBody body = source(existing);
        body.put("etag", upload.etag());
        if (upload.versionId() != null) {
            body.put("versionId", upload.versionId());
        }
        body.put("status", existing.status().name());
        if (existing.batchId() != null) {
            body.put("batchId", existing.batchId());
            body.put("batchStatus", existing.batchStatus());
        }
        putLineage(body, existing);
        body.put("message", DisclosedText.builder().text("Identical content was uploaded again to ")
                .field(Field.objectKey(existing.object().s3Uri(), "this key"))
                .text("; it was already handled as requestId " + existing.requestId() + " (" + existing.status()
                        + (existing.batchId() == null ? "" : ", batch " + existing.batchId())
                        + "), so no batch was started. To run what did not succeed again: "
                        + "java -jar function.jar redrive " + existing.requestId()
                        + ". To run every entry again, upload the file under a new key or change its content.")
                .build());
        return body;
    }

    /**
     * The {@code DuplicateFile} of a drop that ended DUPLICATE (same content and key as {@code original}, another
     * ETag): the message of an identical re-upload of the original, with the same notificationId
     * ({@code DuplicateFile:<original requestId>:<upload>}), plus {@code duplicateRequestId}, this drop's own id.
     * Without the original at hand (the sweep announcing a stranded drop) it says what the drop itself records.
     */
    public static Notification duplicateContent(Drop duplicate, Drop original, Disclosure disclosure) {
        String uploadId = duplicate.object().versionId() != null ? duplicate.object().versionId()
                : duplicate.object().sequencer() != null ? duplicate.object().sequencer() : duplicate.requestId();
        String holder = original != null ? original.requestId() : duplicate.content().duplicateOf();
        DisclosedBody body;
        if (original != null) {
            body = duplicateFileBody(original, duplicate.object());
        } else {
            body = source(duplicate);
            body.put("requestId", holder);
            body.put("etag", duplicate.object().etag());
            body.put("message", DisclosedText.builder().text("Identical content was uploaded again to ")
                    .field(Field.objectKey(duplicate.object().s3Uri(), "this key"))
                    .text("; it was already handled as requestId " + holder + ", so no batch was started. To run"
                            + " what did not succeed again: java -jar function.jar redrive " + holder
                            + ". To run every entry again, upload the file under a new key or change its content.")
                    .build());
        }
        body.put("duplicateRequestId", duplicate.requestId());
        return new Notification(DUPLICATE_FILE, DUPLICATE_FILE + ":" + holder + ":" + uploadId,
                body.render(disclosure));
    }

    /** {@code snapshotUri} (what the batch reads) and {@code redriveOf}, when the drop has them. */
    private static void putLineage(DisclosedBody body, Drop drop) {
        if (drop.snapshot() != null) {
            body.put("snapshotUri", drop.snapshot().uri());
        }
        if (drop.redriveOf() != null) {
            body.put("redriveOf", drop.redriveOf());
        }
    }

    @SuppressWarnings("unchecked")
    public List<String> errors() {
        Object errors = body.get("errors");
        return errors instanceof List<?> list ? (List<String>) list : List.of();
    }

    /** requestId, bucket and the key (FULL) or its hash (PHI_SAFE): what every message says about its file. */
    private static DisclosedBody source(Drop drop) {
        DisclosedBody body = new DisclosedBody();
        body.put("requestId", drop.requestId());
        body.put("bucket", drop.object().bucket());
        body.put("key", "keyHash", Field.objectKey(drop.object().key(), drop.object().keyHash()));
        if (drop.pipeline() != null) {
            body.put("pipeline", drop.pipeline());
        }
        return body;
    }

    /**
     * The batch name, which came from the key unless it is the key-hash name: PHI_SAFE leaves a key-derived one out
     * (the drop may predate the switch).
     */
    private static void putBatchName(DisclosedBody body, Drop drop) {
        if (drop.batchName() == null) {
            return;
        }
        String keyHashName = BatchNaming.keyHashName(drop.object());
        body.put("batchName", Field.objectKey(drop.batchName(),
                drop.batchName().equals(keyHashName) ? keyHashName : null));
    }

    /**
     * A stored error read back as fields: the object's key wherever it appears, and for a SubmissionFailed the
     * detail after the error type (service text, which may echo the S3 URI or a value of the file).
     */
    private static DisclosedText recordedError(Drop drop, String error) {
        int colon = drop.status() == DropStatus.FAILED ? error.indexOf(": ") : -1;
        if (colon < 0) {
            return recorded(drop.object(), error);
        }
        return DisclosedText.builder().append(recorded(drop.object(), error.substring(0, colon)))
                .field(Field.serviceMessage(": ", error.substring(colon + 2), "", null)).build();
    }

    /** Text stored or handed over as a string, with the object's S3 URI, key and file name found in it. */
    private static DisclosedText recorded(DroppedObject object, String text) {
        String marker = Field.keyMarker(object.keyHash());
        String file = object.key().substring(object.key().lastIndexOf('/') + 1);
        return DisclosedText.recorded(text, List.of(Field.objectKey(object.s3Uri(), marker),
                Field.objectKey(object.key(), marker), Field.objectKey(file, marker)));
    }
}
