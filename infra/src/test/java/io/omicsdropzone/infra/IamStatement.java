package io.omicsdropzone.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One policy statement with its intrinsic functions resolved ({@link IamNames}). {@code id} says where it lives:
 * {@code <policy logical id>[index] Sid}. For a resource policy {@code principals} holds its AWS principals
 * ({@code *} for everyone); identity statements have none.
 */
record IamStatement(String id, String effect, List<String> actions, boolean notAction, List<String> resources,
                    boolean notResource, Map<String, Map<String, List<String>>> conditions, List<String> principals) {

    static IamStatement of(String policyId, int index, JsonNode statement, IamNames names) {
        String sid = statement.path("Sid").asText("");
        boolean notAction = statement.has("NotAction");
        boolean notResource = statement.has("NotResource");
        Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
        statement.path("Condition").fields().forEachRemaining(operator -> {
            Map<String, List<String>> keys = new LinkedHashMap<>();
            operator.getValue().fields().forEachRemaining(key -> keys.put(key.getKey(), names.resolveAll(key.getValue())));
            conditions.put(operator.getKey(), keys);
        });
        List<String> principals = new ArrayList<>();
        JsonNode principal = statement.path("Principal");
        if (principal.isTextual()) {
            principals.add(principal.asText());
        } else {
            principals.addAll(names.resolveAll(principal.path("AWS")));
            names.resolveAll(principal.path("Service")).forEach(service -> principals.add("service:" + service));
        }
        return new IamStatement(policyId + "[" + index + "]" + (sid.isEmpty() ? "" : " " + sid),
                statement.path("Effect").asText(),
                names.resolveAll(statement.path(notAction ? "NotAction" : "Action")), notAction,
                names.resolveAll(statement.path(notResource ? "NotResource" : "Resource")), notResource,
                conditions, principals);
    }

    boolean allows() {
        return "Allow".equals(effect);
    }

    /** {@code *}, {@code service:*} or a partial wildcard in an action name: grants more than one named action. */
    boolean hasWildcardAction() {
        return notAction || actions.stream().anyMatch(action -> action.contains("*") || action.contains("?"));
    }

    String sid() {
        int space = id.indexOf(' ');
        return space < 0 ? "" : id.substring(space + 1);
    }

    String describe() {
        return id + " " + effect + " " + (notAction ? "NotAction " : "") + actions + " on "
                + (notResource ? "NotResource " : "") + resources + (conditions.isEmpty() ? "" : " when " + conditions);
    }
}
