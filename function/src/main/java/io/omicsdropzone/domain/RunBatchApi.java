package io.omicsdropzone.domain;

/**
 * The HealthOmics batch operations this project uses. One interface so the official SDK client can replace the
 * hand-built one once the served {@code omics} artifact has the batch operations.
 * Every method throws {@link BatchApiException} for service and transport errors, after the client's own retries.
 */
public interface RunBatchApi {

    StartedBatch startRunBatch(BatchRequest request);

    /** GetBatch: status, counters and failure reason. */
    BatchObservation getBatch(String batchId);

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
