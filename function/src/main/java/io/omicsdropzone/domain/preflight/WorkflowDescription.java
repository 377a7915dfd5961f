package io.omicsdropzone.domain.preflight;

import java.util.Map;

/**
 * What pre-flight needs of a workflow or workflow version.
 *
 * @param status            {@code ACTIVE}, {@code CREATING}, {@code UPDATING}, {@code DELETED}, {@code FAILED},
 *                          {@code INACTIVE} (kept as text: unknown values are simply "not ACTIVE")
 * @param type              {@code PRIVATE} or {@code READY2RUN}; null when the service did not say
 * @param statusMessage     the service's explanation of the status, or null
 * @param parameterTemplate parameter name to whether it is optional, in the service's order; null when the workflow
 *                          has no template
 */
public record WorkflowDescription(String workflowId, String versionName, String status, String type,
                                  String statusMessage, Map<String, Boolean> parameterTemplate) {

    public static final String ACTIVE = "ACTIVE";
    public static final String READY2RUN = "READY2RUN";

    public WorkflowDescription {
        parameterTemplate = parameterTemplate == null ? null : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(parameterTemplate));
    }

    /** {@code workflow 1234567} or {@code workflow 1234567 version v2}, for messages. */
    public String label() {
        return "workflow " + workflowId + (versionName == null ? "" : " version " + versionName);
    }
}
