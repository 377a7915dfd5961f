package io.omicsdropzone.omics;

import io.omicsdropzone.domain.batch.BatchDetails;
import io.omicsdropzone.domain.batch.BatchListPage;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.BatchRun;
import io.omicsdropzone.domain.batch.BatchSummary;
import io.omicsdropzone.domain.batch.RunsPage;
import io.omicsdropzone.domain.batch.WorkflowRun;
import io.omicsdropzone.domain.batch.WorkflowRunsPage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.omicsdropzone.json.JsonReader.text;

/** Maps GetBatch and ListRunsInBatch response documents to domain values. */
final class BatchResponses {

    private BatchResponses() {
    }

    /**
     * GetBatch nests its counters in {@code submissionSummary} and {@code runSummary}; they are flattened by name.
     * Its {@code failureReason} is prose, which status events carry as {@code failureMessage} (their
     * {@code failureReason} is a code such as VALIDATION_EXCEPTION), so it is kept as the message.
     */
    static BatchObservation observation(Map<String, Object> batch, Instant observedAt) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (batch.get("totalRuns") instanceof Number total) {
            counts.put("totalRuns", total.longValue());
        }
        for (String summary : List.of("submissionSummary", "runSummary")) {
            if (batch.get(summary) instanceof Map<?, ?> values) {
                values.forEach((name, value) -> {
                    if (value instanceof Number number) {
                        counts.put(name.toString(), number.longValue());
                    }
                });
            }
        }
        return new BatchObservation(text(batch, "id"), text(batch, "arn"), text(batch, "status"), observedAt, counts,
                null, text(batch, "failureReason"));
    }

    /** GetBatch with its name, creation time, tags and {@code defaultRunSetting.runTags}. */
    static BatchDetails details(Map<String, Object> batch, Instant observedAt) {
        Map<String, String> runTags = batch.get("defaultRunSetting") instanceof Map<?, ?> setting
                ? strings(setting.get("runTags")) : Map.of();
        return new BatchDetails(observation(batch, observedAt), text(batch, "name"), instant(batch.get("creationTime")),
                strings(batch.get("tags")), runTags);
    }

    /** ListBatch: {@code items} of BatchListItem. */
    static BatchListPage batchListPage(Map<String, Object> page) {
        List<BatchSummary> items = page.get("items") instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(item -> (Map<?, ?>) item)
                .map(item -> new BatchSummary(text(item, "id"), text(item, "name"), text(item, "status"),
                        instant(item.get("createdAt")))).toList()
                : List.of();
        return new BatchListPage(items, text(page, "nextToken"));
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, v) -> {
                if (v != null) {
                    strings.put(key.toString(), v.toString());
                }
            });
        }
        return strings;
    }

    /** rest-json timestamps: ISO 8601 text as the model says, or epoch seconds as some services send. */
    private static Instant instant(Object value) {
        if (value instanceof Number seconds) {
            return Instant.ofEpochMilli((long) (seconds.doubleValue() * 1000));
        }
        if (value instanceof String text) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    static RunsPage runsPage(Map<String, Object> page) {
        List<BatchRun> runs = page.get("runs") instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(run -> run((Map<?, ?>) run)).toList()
                : List.of();
        return new RunsPage(runs, text(page, "nextToken"));
    }

    /** ListRuns: {@code items} of RunListItem. */
    static WorkflowRunsPage workflowRunsPage(Map<String, Object> page) {
        List<WorkflowRun> runs = page.get("items") instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(run -> workflowRun((Map<?, ?>) run)).toList()
                : List.of();
        return new WorkflowRunsPage(runs, text(page, "nextToken"));
    }

    /** A RunListItem or a GetRun response. */
    static WorkflowRun workflowRun(Map<?, ?> run) {
        return new WorkflowRun(text(run, "id"), text(run, "arn"), text(run, "status"), text(run, "batchId"),
                text(run, "name"), text(run, "failureReason"), text(run, "statusMessage"));
    }

    private static BatchRun run(Map<?, ?> run) {
        return new BatchRun(text(run, "runSettingId"), text(run, "runId"), text(run, "runArn"),
                text(run, "submissionStatus"), text(run, "submissionFailureReason"), text(run, "submissionFailureMessage"));
    }
}
