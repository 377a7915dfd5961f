package io.omicsdropzone.local.standins;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account's private workflows and their versions, as GetWorkflow ({@code GET /workflow/{id}},
 * https://docs.aws.amazon.com/omics/latest/api/API_GetWorkflow.html) and GetWorkflowVersion
 * ({@code GET /workflow/{workflowId}/version/{versionName}},
 * https://docs.aws.amazon.com/omics/latest/api/API_GetWorkflowVersion.html) answer them. Shapes follow botocore's
 * {@code omics/2022-11-28} model: {@code status} one of CREATING, ACTIVE, UPDATING, DELETED, FAILED, INACTIVE;
 * {@code type} PRIVATE or READY2RUN; {@code parameterTemplate} a map of name → {@code {description, optional}}
 * (1–2,000 entries, absent when the workflow has none); {@code creationTime} an ISO-8601 timestamp. An unknown id or
 * version answers 404 ResourceNotFoundException. Thread-safe.
 */
final class Workflows {

    /** One workflow or version as registered by a test. {@code template}: name → optional; null for none. */
    record Definition(String workflowId, String versionName, String status, String type, String statusMessage,
                      Map<String, Boolean> template, Instant created) {
    }

    private final String region;
    private final String accountId;
    private final Map<String, Definition> definitions = new ConcurrentHashMap<>();

    Workflows(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    void put(Definition definition) {
        definitions.put(key(definition.workflowId(), definition.versionName()), definition);
    }

    ObjectNode getWorkflow(String id) {
        return describe(require(id, null));
    }

    ObjectNode getWorkflowVersion(String id, String versionName) {
        if (definitions.get(key(id, null)) == null) {
            throw OmicsException.notFound("The requested workflow " + id + " could not be found.");
        }
        return describe(require(id, versionName));
    }

    private Definition require(String id, String versionName) {
        if (!id.matches("[0-9]{1,18}")) {
            throw OmicsException.validation("1 validation error detected: Value '" + id + "' at 'id' failed to satisfy"
                    + " constraint: Member must satisfy regular expression pattern: [0-9]+");
        }
        Definition definition = definitions.get(key(id, versionName));
        if (definition == null) {
            throw OmicsException.notFound(versionName == null
                    ? "The requested workflow " + id + " could not be found."
                    : "The requested workflow version " + versionName + " of workflow " + id + " could not be found.");
        }
        return definition;
    }

    private ObjectNode describe(Definition definition) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        String arn = "arn:aws:omics:" + region + ":" + accountId + ":workflow/" + definition.workflowId();
        if (definition.versionName() == null) {
            body.put("arn", arn);
            body.put("id", definition.workflowId());
            body.put("name", "workflow-" + definition.workflowId());
        } else {
            body.put("arn", arn + "/version/" + definition.versionName());
            body.put("workflowId", definition.workflowId());
            body.put("versionName", definition.versionName());
        }
        body.put("status", definition.status());
        if (definition.statusMessage() != null) {
            body.put("statusMessage", definition.statusMessage());
        }
        body.put("type", definition.type());
        body.put("engine", "NEXTFLOW");
        body.put("main", "main.nf");
        body.put("storageType", "DYNAMIC");
        body.put("creationTime", definition.created().toString());
        body.put("uuid", UUID.nameUUIDFromBytes(arn.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        if (definition.template() != null) {
            ObjectNode template = body.putObject("parameterTemplate");
            for (Map.Entry<String, Boolean> parameter : new LinkedHashMap<>(definition.template()).entrySet()) {
                ObjectNode spec = template.putObject(parameter.getKey());
                spec.put("description", "parameter " + parameter.getKey());
                spec.put("optional", parameter.getValue());
            }
        }
        return body;
    }

    private static String key(String id, String versionName) {
        return id + "#" + (versionName == null ? "" : versionName);
    }
}
