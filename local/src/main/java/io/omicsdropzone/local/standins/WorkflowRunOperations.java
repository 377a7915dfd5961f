package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ListRuns and GetRun over the runs the emulated batches submitted, in the shapes of the service model (botocore
 * {@code omics/2022-11-28/service-2.json}: ListRunsRequest's query members {@code batchId}, {@code status},
 * {@code maxResults} 1–100, {@code startingToken}; ListRunsResponse {@code items} of RunListItem; GetRunResponse) and
 * the API reference pages https://docs.aws.amazon.com/omics/latest/api/API_ListRuns.html and
 * https://docs.aws.amazon.com/omics/latest/api/API_GetRun.html. Only runs that were submitted exist as runs: a run
 * whose start submission failed has no run id. Callers hold no lock; each operation takes the store's monitor.
 */
final class WorkflowRunOperations {

    static final List<String> RUN_STATUSES =
            List.of("PENDING", "STARTING", "RUNNING", "STOPPING", "COMPLETED", "DELETED", "CANCELLED", "FAILED");
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    private static final int MAX_RESULTS = 100;

    private final RunBatchStore store;

    WorkflowRunOperations(RunBatchStore store) {
        this.store = store;
    }

    ObjectNode listRuns(Map<String, String> query) {
        List<String> violations = new ArrayList<>();
        int maxResults = MAX_RESULTS;
        String maxText = query.get("maxResults");
        if (maxText != null) {
            try {
                maxResults = Integer.parseInt(maxText);
            } catch (NumberFormatException e) {
                throw OmicsException.serialization("maxResults must be an integer, not '" + maxText + "'");
            }
            if (maxResults < 1 || maxResults > MAX_RESULTS) {
                violations.add("Value '" + maxResults + "' at 'maxResults' failed to satisfy constraint: Member must"
                        + " have value between 1 and " + MAX_RESULTS);
            }
        }
        String status = query.get("status");
        if (status != null && !RUN_STATUSES.contains(status)) {
            violations.add("Value '" + status + "' at 'status' failed to satisfy constraint: Member must satisfy enum"
                    + " value set: " + RUN_STATUSES);
        }
        String batchId = query.get("batchId");
        if (batchId != null && !ID.matcher(batchId).matches()) {
            violations.add("Value '" + batchId + "' at 'batchId' failed to satisfy constraint: Member must satisfy"
                    + " regular expression pattern: [0-9]+");
        }
        if (!violations.isEmpty()) {
            throw OmicsException.validation(violations.size() + " validation error" + (violations.size() == 1 ? "" : "s")
                    + " detected: " + String.join("; ", violations));
        }
        String filter = "batchId=" + batchId + "&status=" + status;
        synchronized (store) {
            List<ObjectNode> matching = new ArrayList<>();
            for (RunBatch batch : store.all()) {
                if (batchId != null && !batch.id.equals(batchId) || batch.runs == null) {
                    continue;
                }
                for (RunBatch.Run run : batch.runs) {
                    if (run.runId != null && (status == null || status.equals(run.runStatus))) {
                        matching.add(runListItem(batch, run));
                    }
                }
            }
            String token = query.get("startingToken");
            int offset = token == null ? 0 : RunsPageToken.decode(token, "runs", filter);
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            ArrayNode items = json.putArray("items");
            int end = Math.min(matching.size(), offset + maxResults);
            matching.subList(Math.min(offset, matching.size()), end).forEach(items::add);
            if (end < matching.size()) {
                json.put("nextToken", RunsPageToken.encode("runs", end, filter));
            }
            return json;
        }
    }

    ObjectNode getRun(String runId) {
        if (runId == null || !ID.matcher(runId).matches()) {
            throw OmicsException.validation("1 validation error detected: Value '" + runId + "' at 'id' failed to"
                    + " satisfy constraint: Member must satisfy regular expression pattern: [0-9]+");
        }
        synchronized (store) {
            for (RunBatch batch : store.all()) {
                for (RunBatch.Run run : batch.runs == null ? List.<RunBatch.Run>of() : batch.runs) {
                    if (runId.equals(run.runId)) {
                        ObjectNode json = runListItem(batch, run);
                        json.put("runId", run.runId);
                        json.put("uuid", run.runUuid);
                        json.put("roleArn", StartRunBatchRules.text(batch.defaultRunSetting, "roleArn"));
                        String outputUri = StartRunBatchRules.text(batch.defaultRunSetting, "outputUri");
                        if (outputUri != null) {
                            json.put("outputUri", outputUri);
                        }
                        json.putObject("tags");
                        if ("FAILED".equals(run.runStatus)) {
                            json.put("failureReason", "WORKFLOW_RUN_FAILED");
                            json.put("statusMessage", "Workflow run " + run.runId + " (runSettingId "
                                    + run.runSettingId + ") failed: a task exited with a non-zero code.");
                        }
                        return json;
                    }
                }
            }
        }
        throw OmicsException.notFound("The specified run " + runId + " does not exist.");
    }

    private static ObjectNode runListItem(RunBatch batch, RunBatch.Run run) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("arn", run.runArn);
        item.put("id", run.runId);
        item.put("status", run.runStatus);
        item.put("workflowId", StartRunBatchRules.text(batch.defaultRunSetting, "workflowId"));
        item.put("batchId", batch.id);
        String version = StartRunBatchRules.text(batch.defaultRunSetting, "workflowVersionName");
        if (version != null) {
            item.put("workflowVersionName", version);
        }
        item.put("creationTime", RunBatch.timestamp(batch.submittedTime != null ? batch.submittedTime : batch.creationTime));
        return item;
    }
}
