package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request checks of GetBatch, ListRunsInBatch and CancelRunBatch, from the API reference pages of those
 * operations (batchId: 1–18 digits; maxItems 1–100; startingToken 1–128 characters; submissionStatus enum; one
 * filter per call), worded like AWS model validation. StartRunBatch's are in {@link StartRunBatchRules}.
 */
final class RunBatchRequestRules {

    static final int MAX_ITEMS = 100;
    static final List<String> SUBMISSION_STATUSES =
            List.of("SUCCESS", "FAILED", "CANCEL_SUCCESS", "CANCEL_FAILED", "DELETE_SUCCESS", "DELETE_FAILED");

    /** A valid ListRunsInBatch query. {@code filter} is "name=value" of the one filter given, or "". */
    record ListQuery(int maxItems, String startingToken, String filterName, String filterValue) {
        String filter() {
            return filterName == null ? "" : filterName + "=" + filterValue;
        }
    }

    private RunBatchRequestRules() {
    }

    static void requireValidBatchId(String batchId) {
        List<String> violations = new ArrayList<>();
        checkBatchId(batchId, violations);
        throwIfAny(violations);
    }

    static ListQuery listQuery(String batchId, Map<String, String> query) {
        List<String> violations = new ArrayList<>();
        int maxItems = MAX_ITEMS;
        String maxItemsText = query.get("maxItems");
        if (maxItemsText != null) {
            try {
                maxItems = Integer.parseInt(maxItemsText);
            } catch (NumberFormatException e) {
                throw OmicsException.serialization("maxItems must be an integer, not '" + maxItemsText + "'");
            }
            if (maxItems < 1) {
                violations.add("Value '" + maxItems + "' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
            } else if (maxItems > MAX_ITEMS) {
                violations.add("Value '" + maxItems + "' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to " + MAX_ITEMS);
            }
        }
        String status = query.get("submissionStatus");
        if (status != null && !SUBMISSION_STATUSES.contains(status)) {
            violations.add("Value '" + status + "' at 'submissionStatus' failed to satisfy constraint: Member must satisfy enum value set: " + SUBMISSION_STATUSES);
        }
        String token = query.get("startingToken");
        if (token != null && (token.isEmpty() || token.length() > 128)) {
            violations.add("Value '" + token + "' at 'startingToken' failed to satisfy constraint: Member must have length between 1 and 128");
        }
        checkBatchId(batchId, violations);
        throwIfAny(violations);
        List<String> filters = new ArrayList<>();
        for (String name : List.of("submissionStatus", "runSettingId", "runId")) {
            if (query.containsKey(name)) {
                filters.add(name);
            }
        }
        if (filters.size() > 1) {
            throw OmicsException.validation("Only one filter per call is supported; received " + filters.size()
                    + " (submissionStatus, runSettingId, runId).");
        }
        String filterName = filters.isEmpty() ? null : filters.get(0);
        return new ListQuery(maxItems, token, filterName, filterName == null ? null : query.get(filterName));
    }

    /** The batchId of a CancelRunBatch body. */
    static String cancelBatchId(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw OmicsException.serialization("The request body must be a JSON object (CancelRunBatchRequest).");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("batchId")) {
                throw OmicsException.validation("Unrecognized field '" + name + "' (not part of CancelRunBatchRequest).");
            }
        });
        JsonNode idNode = body.get("batchId");
        if (idNode != null && !idNode.isNull() && !idNode.isTextual()) {
            throw OmicsException.serialization("Expected a string at 'batchId' but found " + idNode.getNodeType());
        }
        String batchId = idNode == null || idNode.isNull() ? null : idNode.textValue();
        if (batchId == null) {
            throwIfAny(List.of("Value null at 'batchId' failed to satisfy constraint: Member must not be null"));
        }
        requireValidBatchId(batchId);
        return batchId;
    }

    private static void checkBatchId(String batchId, List<String> violations) {
        if (batchId.isEmpty() || batchId.length() > 18) {
            violations.add("Value '" + batchId + "' at 'batchId' failed to satisfy constraint: Member must have length between 1 and 18");
        } else if (!batchId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            violations.add("Value '" + batchId + "' at 'batchId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+");
        }
    }

    private static void throwIfAny(List<String> violations) {
        if (!violations.isEmpty()) {
            throw OmicsException.validation(StartRunBatchRules.validationMessage(violations));
        }
    }
}
