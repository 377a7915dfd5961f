package io.omicsdropzone.omics;

import io.omicsdropzone.domain.batch.BatchApiException.Kind;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.preflight.WorkflowCatalog;
import io.omicsdropzone.domain.preflight.WorkflowDescription;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.omicsdropzone.json.JsonReader.text;

/**
 * GetWorkflow ({@code GET /workflow/{id}}) and GetWorkflowVersion ({@code GET /workflow/{workflowId}/version/
 * {versionName}}), signed like the batch calls and on the same {@code workflows-} endpoint
 * (https://docs.aws.amazon.com/omics/latest/api/API_GetWorkflow.html,
 * https://docs.aws.amazon.com/omics/latest/api/API_GetWorkflowVersion.html). Only the fields pre-flight reads are
 * kept: status, type, statusMessage and parameterTemplate (name → {@code {description, optional}}).
 */
public final class SignedHttpWorkflowCatalog implements WorkflowCatalog {

    private final SignedOmicsRequests requests;

    public SignedHttpWorkflowCatalog(SdkHttpClient http, AwsCredentialsProvider credentials, String region,
                                     URI endpoint, RetryStrategy retryStrategy) {
        this.requests = new SignedOmicsRequests(http, credentials, region, endpoint, retryStrategy);
    }

    @Override
    public WorkflowDescription describe(String workflowId, String versionName) {
        if (workflowId == null || !workflowId.matches("[0-9]{1,18}")) {
            throw new BatchApiException(Kind.VALIDATION, "ValidationException", 0,
                    "workflow id must be 1–18 digits, got " + workflowId, null);
        }
        String path = "/workflow/" + workflowId;
        if (versionName != null) {
            if (!versionName.matches("[A-Za-z0-9][A-Za-z0-9\\-._]{0,63}")) {
                throw new BatchApiException(Kind.VALIDATION, "ValidationException", 0,
                        "workflow version name does not match the API's pattern: " + versionName, null);
            }
            path += "/version/" + SdkHttpUtils.urlEncode(versionName);
        }
        Map<String, Object> workflow = requests.call(SdkHttpMethod.GET, path, null);
        return new WorkflowDescription(workflowId, versionName, text(workflow, "status"), text(workflow, "type"),
                text(workflow, "statusMessage"), template(workflow.get("parameterTemplate")));
    }

    /** {@code optional} absent counts as required, as the console shows such parameters. */
    private static Map<String, Boolean> template(Object value) {
        if (!(value instanceof Map<?, ?> parameters) || parameters.isEmpty()) {
            return null;
        }
        Map<String, Boolean> optional = new LinkedHashMap<>();
        for (Map.Entry<?, ?> parameter : parameters.entrySet()) {
            boolean isOptional = parameter.getValue() instanceof Map<?, ?> spec
                    && Boolean.TRUE.equals(spec.get("optional"));
            optional.put(parameter.getKey().toString(), isOptional);
        }
        return optional;
    }
}
