package io.omicsdropzone.domain.batch;

/**
 * The HealthOmics batch operations this project uses. One interface so the official SDK client can replace the
 * hand-built one once the served {@code omics} artifact has the batch operations.
 * Every method throws {@link BatchApiException} for service and transport errors, after the client's own retries.
 */
public interface RunBatchApi {

    StartedBatch startRunBatch(BatchRequest request);

    /** GetBatch: status, counters and failure reason. */
    BatchObservation getBatch(String batchId);

    /** GetBatch with the batch's name, creation time, tags and {@code defaultRunSetting.runTags}. */
    BatchDetails getBatchDetails(String batchId);

    /**
     * ListBatch filtered by {@code name} (the API takes one filter per call: name, status or runGroupId;
     * https://docs.aws.amazon.com/omics/latest/api/API_ListBatch.html). The order of the items is not documented.
     *
     * @param maxItems 1–100
     * @param token    null for the first page
     */
    BatchListPage listBatch(String name, int maxItems, String token);

    /**
     * ListRunsInBatch filtered by submission status (null for all).
     *
     * @param maxItems 1–100
     * @param token    null for the first page
     */
    RunsPage listRunsInBatch(String batchId, String submissionStatus, int maxItems, String token);

    /** CancelRunBatch; allowed while the batch is PENDING, SUBMITTING or INPROGRESS. */
    void cancelRunBatch(String batchId);

    /**
     * ListRuns filtered by batch and run status (either may be null).
     *
     * @param maxResults 1–100
     * @param token      null for the first page
     */
    WorkflowRunsPage listRuns(String batchId, String status, int maxResults, String token);

    /** GetRun: one run's status and, when it failed, why. */
    WorkflowRun getRun(String runId);
}
