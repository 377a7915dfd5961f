package io.omicsdropzone.aws;

import io.omicsdropzone.domain.notification.Notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The e-mail version of a notification: a subject that says what happened and a short plain text (what happened,
 * which file, batch and counts, errors, what to do next, the CLI command that shows more). Both are made from the
 * notification's body only, so what PHI-safe mode leaves out of the body (keys, file names, service messages,
 * runSettingIds) cannot appear in the e-mail either.
 *
 * <p>SNS subjects must be ASCII, begin with a letter, number or punctuation mark, hold no line breaks or control
 * characters and be less than 100 characters ("Publish", Subject,
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html): non-ASCII characters become '?', and a long file name
 * is shortened at its start.
 */
public record NotificationEmail(String subject, String text) {

    static final int MAX_SUBJECT = 99;
    /** Errors listed in the text; the JSON body carries the rest (up to its own cap). */
    static final int ERRORS_IN_TEXT = 20;
    static final String CLI = "java -jar function.jar";

    public static NotificationEmail of(Map<String, Object> body) {
        String type = string(body, "type");
        String file = fileName(body);
        String batchId = string(body, "batchId");
        String subject = switch (type) {
            case Notification.BATCH_SUBMITTED -> subject("Batch " + batchId + " submitted: " + number(body, "runCount")
                    + " runs from ", file);
            case Notification.FILE_REJECTED -> subject("File rejected, " + errorCount(body) + ": ", file);
            case Notification.SUBMISSION_FAILED -> subject("Submission failed: ", file);
            case "BatchCompleted" -> subject("Batch " + batchId + " completed" + runSummary(body) + ": ", file);
            case "BatchFailed" -> subject("Batch " + batchId + " failed: ", file);
            case "BatchCancelled" -> subject("Batch " + batchId + " cancelled: ", file);
            case Notification.BATCH_NOT_FOUND -> subject("Batch " + batchId + " no longer exists: ", file);
            default -> subject(type + ": ", file);
        };
        return new NotificationEmail(subject, text(type, body));
    }

    private static String text(String type, Map<String, Object> body) {
        List<String> lines = new ArrayList<>();
        String requestId = string(body, "requestId");
        String batchId = string(body, "batchId");
        lines.add(headline(type, body));
        lines.add("");
        lines.add("File:        " + location(body));
        lines.add("Request id:  " + requestId);
        if (batchId != null) {
            String status = body.get("batchStatus") != null ? " (status " + body.get("batchStatus") + ")" : "";
            String name = body.get("batchName") != null ? ", name " + body.get("batchName") : "";
            lines.add("Batch:       " + batchId + status + name);
        }
        if (body.get("runCount") != null) {
            lines.add("Runs:        " + body.get("runCount"));
        }
        if (body.get("counts") instanceof Map<?, ?> counts) {
            lines.add("Runs:        " + counts(counts));
        }
        if (body.get("failureReason") != null) {
            lines.add("Reason:      " + body.get("failureReason")
                    + (body.get("failureMessage") != null ? ": " + body.get("failureMessage") : ""));
        }
        if (body.get("message") != null) {
            lines.add("");
            lines.add(body.get("message").toString());
        }
        if (body.get("errors") instanceof List<?> errors && !errors.isEmpty()) {
            lines.add("");
            long total = body.get("errorCount") instanceof Number n ? n.longValue() : errors.size();
            int shown = Math.min(errors.size(), ERRORS_IN_TEXT);
            lines.add(total > shown ? "Errors (first " + shown + " of " + total + "):" : "Errors:");
            errors.subList(0, shown).forEach(error -> lines.add("  - " + error));
        }
        if (body.get("failedSubmissions") instanceof List<?> failed && !failed.isEmpty()) {
            lines.add("");
            lines.add("Runs that did not start (first " + failed.size() + "):");
            for (Object entry : failed) {
                if (entry instanceof Map<?, ?> run) {
                    String id = run.get("runSettingId") != null ? run.get("runSettingId") + ": " : "";
                    String message = run.get("message") != null ? " (" + run.get("message") + ")" : "";
                    lines.add("  - " + id + run.get("reason") + message);
                }
            }
        }
        lines.add("");
        lines.add("What to do next: " + nextStep(type, body));
        lines.add("See more:        " + CLI + " status " + (batchId != null ? batchId : requestId));
        lines.add("");
        lines.add("Notification id " + body.get("notificationId")
                + " (the same notification may arrive twice; the id tells repeats apart).");
        return String.join("\n", lines);
    }

    private static String headline(String type, Map<String, Object> body) {
        String batchId = string(body, "batchId");
        return switch (type) {
            case Notification.BATCH_SUBMITTED -> "AWS HealthOmics accepted run batch " + batchId + " with "
                    + number(body, "runCount") + " runs from the dropped file.";
            case Notification.FILE_REJECTED -> "The dropped file was rejected: " + errorCount(body)
                    + " found, nothing was submitted.";
            case Notification.SUBMISSION_FAILED -> "The dropped file is valid, but HealthOmics refused to start its "
                    + "batch.";
            case "BatchCompleted" -> "Run batch " + batchId + " finished" + runSummary(body) + ".";
            case "BatchFailed" -> "Run batch " + batchId + " failed.";
            case "BatchCancelled" -> "Run batch " + batchId + " was cancelled.";
            case Notification.BATCH_NOT_FOUND -> "Run batch " + batchId + " no longer exists in HealthOmics; the "
                    + "drop was closed.";
            default -> type + ".";
        };
    }

    private static String nextStep(String type, Map<String, Object> body) {
        return switch (type) {
            case Notification.BATCH_SUBMITTED -> "nothing. The runs start in HealthOmics; another message follows "
                    + "when the batch ends.";
            case Notification.FILE_REJECTED -> "fix the errors above and upload the corrected file (a new upload is "
                    + "a new drop; nothing of this one was submitted).";
            case Notification.SUBMISSION_FAILED -> "check the error above (workflow, service role, quotas), fix the "
                    + "cause, then upload the file again.";
            case "BatchCompleted" -> count(body, "failedRunCount") + count(body, "failedStartSubmissionCount") > 0
                    ? "review the runs that failed (see more, below); upload a file with only those entries to rerun "
                    + "them."
                    : "nothing. The outputs are in the run output location.";
            case "BatchFailed" -> "check the reason above, fix the cause, then upload the file again.";
            case "BatchCancelled" -> "upload the file again if its runs are still needed.";
            case Notification.BATCH_NOT_FOUND -> "upload the file again if its runs are still needed.";
            default -> "see the details below.";
        };
    }

    /** ", 94 of 96 runs completed, 2 failed" when GetBatch's counters are known; empty otherwise. */
    private static String runSummary(Map<String, Object> body) {
        if (!(body.get("counts") instanceof Map<?, ?> counts) || !(counts.get("totalRuns") instanceof Number total)) {
            return "";
        }
        long completed = count(body, "completedRunCount");
        long failed = count(body, "failedRunCount") + count(body, "failedStartSubmissionCount");
        return ", " + completed + " of " + total.longValue() + " runs completed" + (failed > 0 ? ", " + failed
                + " failed" : "");
    }

    private static String counts(Map<?, ?> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((name, value) -> {
            if (value != null) {
                parts.add(name + " " + value);
            }
        });
        return String.join(", ", parts);
    }

    private static long count(Map<String, Object> body, String name) {
        return body.get("counts") instanceof Map<?, ?> counts && counts.get(name) instanceof Number n
                ? n.longValue() : 0;
    }

    private static String errorCount(Map<String, Object> body) {
        Object count = body.get("errorCount");
        return count + (Long.valueOf(1).equals(toLong(count)) ? " error" : " errors");
    }

    private static Long toLong(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    /** The key's last segment, or in PHI-safe mode (no key in the body) its hash. */
    private static String fileName(Map<String, Object> body) {
        String key = string(body, "key");
        if (key == null) {
            return "key hash " + body.get("keyHash");
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.isEmpty() ? key : name;
    }

    private static String location(Map<String, Object> body) {
        String key = string(body, "key");
        return key != null ? "s3://" + body.get("bucket") + "/" + key
                : "in bucket " + body.get("bucket") + ", key hash " + body.get("keyHash");
    }

    /** {@code prefix + file}, ASCII only and under SNS's limit; a long file name loses its start. */
    static String subject(String prefix, String file) {
        String head = ascii(prefix);
        String name = ascii(file);
        if (head.length() + name.length() <= MAX_SUBJECT) {
            return head + name;
        }
        int keep = MAX_SUBJECT - head.length() - 3;
        if (keep <= 0) {
            return head.substring(0, MAX_SUBJECT - 3).stripTrailing() + "...";
        }
        return head + "..." + name.substring(name.length() - keep);
    }

    private static String ascii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }

    private static String number(Map<String, Object> body, String field) {
        return String.valueOf(body.get(field));
    }

    private static String string(Map<String, Object> body, String field) {
        Object value = body.get(field);
        return value == null ? null : value.toString();
    }
}
