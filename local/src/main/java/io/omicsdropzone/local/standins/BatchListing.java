package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ListBatch (GET /runBatch, https://docs.aws.amazon.com/omics/latest/api/API_ListBatch.html): the account's batches,
 * filtered by at most one of {@code name}, {@code status} or {@code runGroupId} ("Only one filter per call is
 * supported"), {@code maxItems} 1–100 (default 100), paged with an opaque {@code startingToken}/{@code nextToken};
 * items are BatchListItem ({@code id}, {@code name}, {@code status}, {@code createdAt}, {@code totalRuns},
 * {@code workflowId}). The order is not documented: the emulator lists newest first, and callers must not rely on it.
 * Caller holds the store's monitor.
 */
final class BatchListing {

    static final List<String> STATUSES = List.of("PENDING", "SUBMITTING", "INPROGRESS", "STOPPING", "CANCELLED",
            "FAILED", "PROCESSED", "RUNS_DELETING", "RUNS_DELETED");
    private static final String TOKEN_SCOPE = "ListBatch";

    private BatchListing() {
    }

    static ObjectNode list(RunBatchStore store, Map<String, String> query) {
        List<String> violations = new ArrayList<>();
        int maxItems = RunBatchRequestRules.MAX_ITEMS;
        String maxItemsText = query.get("maxItems");
        if (maxItemsText != null) {
            try {
                maxItems = Integer.parseInt(maxItemsText);
            } catch (NumberFormatException e) {
                throw OmicsException.serialization("maxItems must be an integer, not '" + maxItemsText + "'");
            }
            if (maxItems < 1 || maxItems > RunBatchRequestRules.MAX_ITEMS) {
                violations.add("Value '" + maxItems + "' at 'maxItems' failed to satisfy constraint: Member must have"
                        + " value between 1 and " + RunBatchRequestRules.MAX_ITEMS);
            }
        }
        String name = query.get("name");
        if (name != null && (name.isEmpty() || name.codePointCount(0, name.length()) > 64)) {
            violations.add("Value '" + name + "' at 'name' failed to satisfy constraint: Member must have length"
                    + " between 1 and 64");
        }
        String status = query.get("status");
        if (status != null && !STATUSES.contains(status)) {
            violations.add("Value '" + status + "' at 'status' failed to satisfy constraint: Member must satisfy enum"
                    + " value set: " + STATUSES);
        }
        String runGroupId = query.get("runGroupId");
        if (runGroupId != null && !runGroupId.matches("[0-9]{1,18}")) {
            violations.add("Value '" + runGroupId + "' at 'runGroupId' failed to satisfy constraint: Member must"
                    + " satisfy regular expression pattern: [0-9]+");
        }
        String token = query.get("startingToken");
        if (token != null && (token.isEmpty() || token.length() > 128)) {
            violations.add("Value '" + token + "' at 'startingToken' failed to satisfy constraint: Member must have"
                    + " length between 1 and 128");
        }
        if (!violations.isEmpty()) {
            throw OmicsException.validation(StartRunBatchRules.validationMessage(violations));
        }
        List<String> filters = new ArrayList<>();
        for (String filter : List.of("name", "status", "runGroupId")) {
            if (query.containsKey(filter)) {
                filters.add(filter + "=" + query.get(filter));
            }
        }
        if (filters.size() > 1) {
            throw OmicsException.validation("Only one filter per call is supported; received " + filters.size()
                    + " (name, status, runGroupId).");
        }
        String filter = filters.isEmpty() ? "" : filters.get(0);
        List<RunBatch> matching = new ArrayList<>();
        List<RunBatch> all = store.all();
        for (int i = all.size() - 1; i >= 0; i--) {
            RunBatch batch = all.get(i);
            if ((name == null || name.equals(batch.name)) && (status == null || status.equals(batch.status))
                    && (runGroupId == null || runGroupId.equals(StartRunBatchRules.text(batch.defaultRunSetting,
                    "runGroupId")))) {
                matching.add(batch);
            }
        }
        int offset = token == null ? 0 : RunsPageToken.decode(token, TOKEN_SCOPE, filter);
        int end = Math.min(matching.size(), offset + maxItems);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ArrayNode items = json.putArray("items");
        for (RunBatch batch : matching.subList(Math.min(offset, matching.size()), end)) {
            ObjectNode item = items.addObject();
            item.put("id", batch.id);
            if (batch.name != null) {
                item.put("name", batch.name);
            }
            item.put("status", batch.status);
            item.put("createdAt", RunBatch.timestamp(batch.creationTime));
            if (batch.totalRuns != null) {
                item.put("totalRuns", batch.totalRuns);
            }
            item.put("workflowId", StartRunBatchRules.text(batch.defaultRunSetting, "workflowId"));
        }
        if (end < matching.size()) {
            json.put("nextToken", RunsPageToken.encode(TOKEN_SCOPE, end, filter));
        }
        return json;
    }
}
