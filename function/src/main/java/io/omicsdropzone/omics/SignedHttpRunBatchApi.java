package io.omicsdropzone.omics;

import io.omicsdropzone.domain.batch.BatchApiException.Kind;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchDetails;
import io.omicsdropzone.domain.batch.BatchListPage;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.batch.RunBatchApi;
import io.omicsdropzone.domain.batch.RunsPage;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.batch.WorkflowRun;
import io.omicsdropzone.domain.batch.WorkflowRunsPage;
import io.omicsdropzone.json.JsonWriter.RawJson;
import io.omicsdropzone.json.JsonWriter;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.omicsdropzone.json.JsonReader.text;

/**
 * HealthOmics batch operations over the SDK's own parts: an {@link SdkHttpClient}, the SigV4 signer with signing
 * name {@code omics}, a credentials provider, and an SDK {@link RetryStrategy}. The served {@code omics} artifact
 * (2.40.2) predates these operations; this class is the one place to swap for the official client later.
 */
public final class SignedHttpRunBatchApi implements RunBatchApi {

    static final String SIGNING_NAME = SignedOmicsRequests.SIGNING_NAME;

    private final SignedOmicsRequests requests;

    public SignedHttpRunBatchApi(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                                 RetryStrategy retryStrategy) {
        this.requests = new SignedOmicsRequests(http, credentials, region, endpoint, retryStrategy);
    }

    /** Retries throttling, 5xx, timeouts and connection failures with the SDK's standard backoff; nothing else. */
    public static RetryStrategy standardRetryStrategy(int maxAttempts) {
        return software.amazon.awssdk.retries.DefaultRetryStrategy.standardStrategyBuilder()
                .maxAttempts(maxAttempts)
                .retryOnException(failure -> failure instanceof BatchApiException e && e.retryable())
                .treatAsThrottling(failure -> failure instanceof BatchApiException e && e.kind() == Kind.THROTTLING)
                .build();
    }

    @Override
    public StartedBatch startRunBatch(BatchRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", request.requestId());
        body.put("batchName", request.batchName());
        body.put("tags", request.tags());
        body.put("defaultRunSetting", new RawJson(request.defaultRunSetting().json()));
        body.put("batchRunSettings", Map.of("s3UriSettings", request.s3UriSettings()));
        Map<String, Object> response = call(SdkHttpMethod.POST, "/runBatch", JsonWriter.write(body));
        return new StartedBatch(text(response, "id"), text(response, "arn"), text(response, "status"),
                text(response, "uuid"));
    }

    @Override
    public BatchObservation getBatch(String batchId) {
        Map<String, Object> batch = call(SdkHttpMethod.GET, "/runBatch/" + checkedId(batchId), null);
        return BatchResponses.observation(batch, Instant.now());
    }

    @Override
    public BatchDetails getBatchDetails(String batchId) {
        Map<String, Object> batch = call(SdkHttpMethod.GET, "/runBatch/" + checkedId(batchId), null);
        return BatchResponses.details(batch, Instant.now());
    }

    /** GET /runBatch?name=&maxItems=&startingToken= (https://docs.aws.amazon.com/omics/latest/api/API_ListBatch.html). */
    @Override
    public BatchListPage listBatch(String name, int maxItems, String token) {
        StringBuilder query = new StringBuilder("?maxItems=").append(maxItems);
        query.append("&name=").append(SdkHttpUtils.urlEncode(name));
        if (token != null) {
            query.append("&startingToken=").append(SdkHttpUtils.urlEncode(token));
        }
        return BatchResponses.batchListPage(call(SdkHttpMethod.GET, "/runBatch" + query, null));
    }

    @Override
    public RunsPage listRunsInBatch(String batchId, String submissionStatus, int maxItems, String token) {
        StringBuilder query = new StringBuilder("?maxItems=").append(maxItems);
        if (submissionStatus != null) {
            query.append("&submissionStatus=").append(SdkHttpUtils.urlEncode(submissionStatus));
        }
        if (token != null) {
            query.append("&startingToken=").append(SdkHttpUtils.urlEncode(token));
        }
        Map<String, Object> page = call(SdkHttpMethod.GET, "/runBatch/" + checkedId(batchId) + "/run" + query, null);
        return BatchResponses.runsPage(page);
    }

    @Override
    public void cancelRunBatch(String batchId) {
        call(SdkHttpMethod.POST, "/runBatch/cancel", JsonWriter.write(Map.of("batchId", checkedId(batchId))));
    }

    @Override
    public WorkflowRunsPage listRuns(String batchId, String status, int maxResults, String token) {
        StringBuilder query = new StringBuilder("?maxResults=").append(maxResults);
        if (batchId != null) {
            query.append("&batchId=").append(checkedId(batchId));
        }
        if (status != null) {
            query.append("&status=").append(SdkHttpUtils.urlEncode(status));
        }
        if (token != null) {
            query.append("&startingToken=").append(SdkHttpUtils.urlEncode(token));
        }
        return BatchResponses.workflowRunsPage(call(SdkHttpMethod.GET, "/run" + query, null));
    }

    @Override
    public WorkflowRun getRun(String runId) {
        return BatchResponses.workflowRun(call(SdkHttpMethod.GET, "/run/" + checkedId(runId), null));
    }

    /** Batch ids are digits (1–18); checking here keeps anything else out of the request path. */
    private static String checkedId(String batchId) {
        if (batchId == null || !batchId.matches("[0-9]{1,18}")) {
            throw new BatchApiException(Kind.VALIDATION, "ValidationException", 0,
                    "batch id must be 1–18 digits, got " + batchId, null);
        }
        return batchId;
    }

    /** One operation with retries; the last failure is thrown when the strategy gives up. */
    Map<String, Object> call(SdkHttpMethod method, String pathAndQuery, String jsonBody) {
        return requests.call(method, pathAndQuery, jsonBody);
    }
}
