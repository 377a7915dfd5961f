package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run-batch operations behind the HTTP routes, JSON in and out: StartRunBatch, GetBatch, ListRunsInBatch,
 * CancelRunBatch (HealthOmics API Reference, https://docs.aws.amazon.com/omics/latest/api/API_Operations.html).
 * Errors are thrown as {@link OmicsException}. Each operation holds the store's monitor while it reads or changes
 * batches.
 */
final class RunBatchOperations {

    private final RunBatchStore store;
    private final RunBatchLifecycle lifecycle;
    private final RunSettingsFile settingsFile;
    private final WorkflowRunOperations runs;
    // Guarded by store.
    private OmicsBatchEmulator.S3UriAccessCheck s3UriAccessCheck = OmicsBatchEmulator.S3UriAccessCheck.SYNCHRONOUS;

    RunBatchOperations(RunBatchStore store, RunBatchLifecycle lifecycle, RunSettingsFile settingsFile) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.settingsFile = settingsFile;
        this.runs = new WorkflowRunOperations(store);
    }

    /** ListRuns and GetRun: the runs these batches submitted. */
    WorkflowRunOperations runs() {
        return runs;
    }

    void s3UriAccessCheck(OmicsBatchEmulator.S3UriAccessCheck mode) {
        synchronized (store) {
            this.s3UriAccessCheck = mode;
        }
    }

    /**
     * Idempotency (API reference, requestId: "used to deduplicate retry requests and prevent duplicate batches"): the
     * same requestId with the same body (JSON nulls dropped, member order irrelevant) returns the existing batch with
     * 201; with a different body it is a 409 ConflictException. There is no expiry window.
     */
    ObjectNode startRunBatch(JsonNode body) {
        StartRunBatchRules.Parsed parsed = StartRunBatchRules.parse(body);
        synchronized (store) {
            RunBatch existing = store.byRequestId(parsed.requestId());
            if (existing != null) {
                if (existing.normalizedRequest.equals(parsed.normalizedBody())) {
                    return startResponse(existing);
                }
                throw OmicsException.conflict("A run batch with requestId '" + parsed.requestId()
                        + "' already exists (" + existing.id + ") and was started with different parameters.");
            }
            RunBatch batch = lifecycle.create(parsed);
            if (batch.s3Location != null) {
                settingsFile.recordETag(batch, s3UriAccessCheck == OmicsBatchEmulator.S3UriAccessCheck.ASYNCHRONOUS);
            }
            lifecycle.admit(batch);
            return startResponse(batch);
        }
    }

    ObjectNode getBatch(String batchId) {
        synchronized (store) {
            return store.find(batchId).getBatchJson();
        }
    }

    /** ListBatch: see {@link BatchListing}. */
    ObjectNode listBatch(Map<String, String> query) {
        synchronized (store) {
            return BatchListing.list(store, query);
        }
    }

    /** Lists submitted runs (those with a submissionStatus), one page at a time, filtered by at most one field. */
    ObjectNode listRunsInBatch(String batchId, Map<String, String> query) {
        RunBatchRequestRules.ListQuery request = RunBatchRequestRules.listQuery(batchId, query);
        List<RunBatch.Run> matching = new ArrayList<>();
        synchronized (store) {
            RunBatch batch = store.find(batchId);
            for (RunBatch.Run run : batch.listedRuns()) {
                if (matches(run, request)) {
                    matching.add(run);
                }
            }
            int offset = request.startingToken() == null ? 0
                    : RunsPageToken.decode(request.startingToken(), batchId, request.filter());
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            ArrayNode runs = json.putArray("runs");
            int end = Math.min(matching.size(), offset + request.maxItems());
            for (RunBatch.Run run : matching.subList(Math.min(offset, matching.size()), end)) {
                runs.add(runListItem(run));
            }
            if (end < matching.size()) {
                json.put("nextToken", RunsPageToken.encode(batchId, end, request.filter()));
            }
            return json;
        }
    }

    ObjectNode cancelRunBatch(JsonNode body) {
        String batchId = RunBatchRequestRules.cancelBatchId(body);
        synchronized (store) {
            lifecycle.cancel(store.find(batchId));
        }
        return JsonNodeFactory.instance.objectNode();
    }

    private static boolean matches(RunBatch.Run run, RunBatchRequestRules.ListQuery request) {
        if (request.filterName() == null) {
            return true;
        }
        return switch (request.filterName()) {
            case "submissionStatus" -> request.filterValue().equals(run.submissionStatus);
            case "runSettingId" -> request.filterValue().equals(run.runSettingId);
            default -> request.filterValue().equals(run.runId);
        };
    }

    private static ObjectNode runListItem(RunBatch.Run run) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("runSettingId", run.runSettingId);
        if (run.runId != null) {
            item.put("runId", run.runId);
            item.put("runArn", run.runArn);
            item.put("runInternalUuid", run.runUuid);
        }
        item.put("submissionStatus", run.submissionStatus);
        if (run.submissionFailureReason != null) {
            item.put("submissionFailureReason", run.submissionFailureReason);
        }
        if (run.submissionFailureMessage != null) {
            item.put("submissionFailureMessage", run.submissionFailureMessage);
        }
        return item;
    }

    private static ObjectNode startResponse(RunBatch batch) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", batch.id);
        json.put("arn", batch.arn);
        json.put("status", batch.status);
        json.put("uuid", batch.uuid);
        ObjectNode tags = json.putObject("tags");
        batch.tags.forEach(tags::put);
        return json;
    }
}
