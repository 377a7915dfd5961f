package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The emulator's mutable record of one run batch and its runs. Guarded by the {@link RunBatchStore}'s monitor. */
final class RunBatch {

    static final String CREATING = "CREATING";
    static final String PENDING = "PENDING";
    static final String SUBMITTING = "SUBMITTING";
    static final String INPROGRESS = "INPROGRESS";
    static final String STOPPING = "STOPPING";
    static final String CANCELLED = "CANCELLED";
    static final String FAILED = "FAILED";
    static final String PROCESSED = "PROCESSED";
    static final Set<String> TERMINAL = Set.of(CANCELLED, FAILED, PROCESSED, "RUNS_DELETED");
    static final Set<String> CANCELLABLE = Set.of(PENDING, SUBMITTING, INPROGRESS);

    /** One run setting of the batch, from validation on. {@code submissionStatus == null}: not submitted yet. */
    static final class Run {
        final String runSettingId;
        String submissionStatus;
        String submissionFailureReason;
        String submissionFailureMessage;
        String runId;
        String runArn;
        String runUuid;
        /** Execution status of a submitted run: PENDING, STARTING, RUNNING, COMPLETED, FAILED, CANCELLED. */
        String runStatus;
        boolean dropped;
        /**
         * The run's own parameters (merged over the default's when it starts, the run's value winning:
         * https://docs.aws.amazon.com/omics/latest/api/API_InlineSetting.html), or null.
         */
        com.fasterxml.jackson.databind.JsonNode parameters;

        Run(String runSettingId) {
            this.runSettingId = runSettingId;
        }

        boolean awaitingSubmission() {
            return submissionStatus == null && !dropped;
        }

        boolean executing() {
            return runStatus != null && Set.of("PENDING", "STARTING", "RUNNING", "STOPPING").contains(runStatus);
        }
    }

    final String id;
    final String arn;
    final String uuid;
    final String requestId;
    final String name;
    final Map<String, String> tags;
    final ObjectNode defaultRunSetting;
    final List<ObjectNode> inlineSettings;
    final StartRunBatchRules.S3Location s3Location;
    final JsonNode normalizedRequest;
    final Instant creationTime;
    /** ETag recorded at StartRunBatch (quoted, as S3 returns it); null when the object could not be read then. */
    String s3ETag;
    /** Why the object could not be read at StartRunBatch, when the emulator defers that check. */
    String s3ProblemAtStart;

    String status = CREATING;
    Integer totalRuns;
    List<Run> runs;
    Instant submittedTime;
    Instant processedTime;
    Instant failedTime;
    String failureReason;
    String failureMessage;
    int successfulCancelSubmissions;
    int failedCancelSubmissions;

    RunBatch(String id, String arn, String uuid, StartRunBatchRules.Parsed request, Instant creationTime) {
        this.id = id;
        this.arn = arn;
        this.uuid = uuid;
        this.requestId = request.requestId();
        this.name = request.batchName();
        this.tags = Map.copyOf(request.tags());
        this.defaultRunSetting = request.defaultRunSetting();
        this.inlineSettings = request.inlineSettings();
        this.s3Location = StartRunBatchRules.S3Location.parse(request.s3UriSettings());
        this.normalizedRequest = request.normalizedBody();
        this.creationTime = creationTime;
        this.totalRuns = inlineSettings == null ? null : inlineSettings.size();
    }

    boolean terminal() {
        return TERMINAL.contains(status);
    }

    int count(java.util.function.Predicate<Run> predicate) {
        if (runs == null) {
            return 0;
        }
        int count = 0;
        for (Run run : runs) {
            if (predicate.test(run)) {
                count++;
            }
        }
        return count;
    }

    Map<String, Integer> submissionSummary() {
        Map<String, Integer> summary = new LinkedHashMap<>();
        summary.put("successfulStartSubmissionCount", count(run -> run.runId != null));
        summary.put("failedStartSubmissionCount", count(run -> "FAILED".equals(run.submissionStatus)));
        summary.put("pendingStartSubmissionCount", count(Run::awaitingSubmission));
        summary.put("successfulCancelSubmissionCount", successfulCancelSubmissions);
        summary.put("failedCancelSubmissionCount", failedCancelSubmissions);
        summary.put("successfulDeleteSubmissionCount", 0);
        summary.put("failedDeleteSubmissionCount", 0);
        return summary;
    }

    Map<String, Integer> runSummary() {
        Map<String, Integer> summary = new LinkedHashMap<>();
        summary.put("pendingRunCount", count(run -> "PENDING".equals(run.runStatus)));
        summary.put("startingRunCount", count(run -> "STARTING".equals(run.runStatus)));
        summary.put("runningRunCount", count(run -> "RUNNING".equals(run.runStatus)));
        summary.put("stoppingRunCount", count(run -> "STOPPING".equals(run.runStatus)));
        summary.put("completedRunCount", count(run -> "COMPLETED".equals(run.runStatus)));
        summary.put("deletedRunCount", count(run -> "DELETED".equals(run.runStatus)));
        summary.put("failedRunCount", count(run -> "FAILED".equals(run.runStatus)));
        summary.put("cancelledRunCount", count(run -> "CANCELLED".equals(run.runStatus)));
        return summary;
    }

    ObjectNode getBatchJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("arn", arn);
        json.put("uuid", uuid);
        if (name != null) {
            json.put("name", name);
        }
        json.put("status", status);
        ObjectNode tagsJson = json.putObject("tags");
        tags.forEach(tagsJson::put);
        if (totalRuns != null) {
            json.put("totalRuns", totalRuns);
        }
        json.set("defaultRunSetting", defaultRunSetting.deepCopy());
        ObjectNode submission = json.putObject("submissionSummary");
        submissionSummary().forEach(submission::put);
        ObjectNode runSummary = json.putObject("runSummary");
        runSummary().forEach(runSummary::put);
        json.put("creationTime", timestamp(creationTime));
        if (submittedTime != null) {
            json.put("submittedTime", timestamp(submittedTime));
        }
        if (processedTime != null) {
            json.put("processedTime", timestamp(processedTime));
        }
        if (failedTime != null) {
            json.put("failedTime", timestamp(failedTime));
        }
        if (failureMessage != null) {
            // GetBatch's failureReason is the prose explanation; the event carries the code separately.
            json.put("failureReason", failureMessage);
        }
        return json;
    }

    /**
     * The EventBridge event HealthOmics emits for a batch status change: detail-type "RunBatch Status Change", every
     * detail value a string, fields left out when they do not apply (no name, runs not known yet, not FAILED...).
     */
    ObjectNode statusChangeEvent(String eventId, Instant time, String region, String accountId) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("version", "0");
        event.put("id", eventId);
        event.put("detail-type", "RunBatch Status Change");
        event.put("source", "aws.omics");
        event.put("account", accountId);
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
        event.put("region", region);
        event.putArray("resources").add(arn);
        ObjectNode detail = event.putObject("detail");
        detail.put("omicsVersion", "1.0.0");
        detail.put("arn", arn);
        detail.put("batchId", id);
        detail.put("status", status);
        detail.put("uuid", uuid);
        if (name != null) {
            detail.put("batchName", name);
        }
        if (totalRuns != null) {
            detail.put("totalRuns", totalRuns.toString());
        }
        if (FAILED.equals(status)) {
            detail.put("failureReason", failureReason);
            detail.put("failureMessage", failureMessage);
        }
        if (runs != null) {
            Map<String, Integer> submission = submissionSummary();
            for (String key : List.of("successfulStartSubmissionCount", "failedStartSubmissionCount", "pendingStartSubmissionCount")) {
                detail.put(key, submission.get(key).toString());
            }
            runSummary().forEach((key, value) -> detail.put(key, value.toString()));
        }
        String workflowId = StartRunBatchRules.text(defaultRunSetting, "workflowId");
        detail.put("workflowId", workflowId);
        detail.put("workflowArn", "arn:aws:omics:" + region + ":" + accountId + ":workflow/" + workflowId);
        String version = StartRunBatchRules.text(defaultRunSetting, "workflowVersionName");
        if (version != null) {
            detail.put("workflowVersionArn", "arn:aws:omics:" + region + ":" + accountId + ":workflow/" + workflowId
                    + "/version/" + version);
        }
        String owner = StartRunBatchRules.text(defaultRunSetting, "workflowOwnerId");
        if (owner != null) {
            detail.put("workflowOwnerId", owner);
        }
        String cacheId = StartRunBatchRules.text(defaultRunSetting, "cacheId");
        if (cacheId != null) {
            detail.put("runCache", "arn:aws:omics:" + region + ":" + accountId + ":runCache/" + cacheId);
        }
        String cacheBehavior = StartRunBatchRules.text(defaultRunSetting, "cacheBehavior");
        if (cacheBehavior != null) {
            detail.put("runCacheBehavior", cacheBehavior);
        }
        return event;
    }

    List<Run> listedRuns() {
        List<Run> listed = new ArrayList<>();
        if (runs != null) {
            for (Run run : runs) {
                if (run.submissionStatus != null) {
                    listed.add(run);
                }
            }
        }
        return listed;
    }

    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
