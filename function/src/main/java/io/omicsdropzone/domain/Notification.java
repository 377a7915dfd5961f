package io.omicsdropzone.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One outcome message: {@code type} (also sent as a message attribute so subscribers can filter) and a flat JSON
 * body whose values are strings, numbers, lists of strings or nested maps.
 */
public record Notification(String type, Map<String, Object> body) {

    public static final String BATCH_SUBMITTED = "BatchSubmitted";
    public static final String FILE_REJECTED = "FileRejected";
    public static final String SUBMISSION_FAILED = "SubmissionFailed";
    public static final String BATCH_NOT_FOUND = "BatchNotFound";

    /** Counters copied into completion messages, under the API's names. */
    static final List<String> COMPLETION_COUNTS = List.of("totalRuns", "successfulStartSubmissionCount",
            "failedStartSubmissionCount", "completedRunCount", "failedRunCount", "cancelledRunCount");

    public Notification {
        body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    /** The message announcing a drop's terminal submission outcome. */
    public static Notification outcomeOf(Drop drop, Disclosure disclosure) {
        return outcomeOf(drop);
    }

    public static Notification outcomeOf(Drop drop) {
        String type = switch (drop.status()) {
            case SUBMITTED -> BATCH_SUBMITTED;
            case REJECTED -> FILE_REJECTED;
            case FAILED -> SUBMISSION_FAILED;
            default -> throw new IllegalArgumentException("no outcome yet for status " + drop.status());
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("requestId", drop.requestId());
        body.put("bucket", drop.object().bucket());
        body.put("key", drop.object().key());
        body.put("etag", drop.object().etag());
        body.put("runCount", drop.runCount());
        if (drop.status() == DropStatus.SUBMITTED) {
            body.put("batchId", drop.batchId());
            body.put("batchArn", drop.batchArn());
            body.put("batchStatus", drop.batchStatus());
            body.put("batchName", drop.batchName());
        } else {
            body.put("errorCount", drop.errorCount());
            body.put("errors", new ArrayList<>(drop.errors()));
        }
        return new Notification(type, body);
    }

    /**
     * The message announcing a batch's terminal state ({@code BatchCompleted}, {@code BatchFailed},
     * {@code BatchCancelled}) with GetBatch's counters and the first failed submissions.
     */
    public static Notification batchNotFound(Drop drop, String message, Disclosure disclosure) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", BATCH_NOT_FOUND);
        body.put("requestId", drop.requestId());
        body.put("batchId", drop.batchId());
        body.put("batchArn", drop.batchArn());
        body.put("message", message);
        return new Notification(BATCH_NOT_FOUND, body);
    }

    public static Notification completionOf(String type, Drop drop, BatchObservation batch, List<BatchRun> failedRuns,
                                            Disclosure disclosure) {
        return completionOf(type, drop, batch, failedRuns);
    }

    public static Notification completionOf(String type, Drop drop, BatchObservation batch, List<BatchRun> failedRuns) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("requestId", drop.requestId());
        body.put("bucket", drop.object().bucket());
        body.put("key", drop.object().key());
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
            body.put("failureMessage", message);
        }
        if (!failedRuns.isEmpty()) {
            body.put("failedSubmissions", failedRuns.stream().map(run -> {
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("runSettingId", run.runSettingId());
                failed.put("reason", run.submissionFailureReason());
                failed.put("message", run.submissionFailureMessage());
                return failed;
            }).toList());
        }
        return new Notification(type, body);
    }

    public String notificationId() {
        return type + ":" + body.get("requestId");
    }

    @SuppressWarnings("unchecked")
    public List<String> errors() {
        Object errors = body.get("errors");
        return errors instanceof List<?> list ? (List<String>) list : List.of();
    }
}
