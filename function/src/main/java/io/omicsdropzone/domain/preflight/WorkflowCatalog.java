package io.omicsdropzone.domain.preflight;

import io.omicsdropzone.domain.batch.BatchApiException;

/** Where workflow definitions are read from (HealthOmics GetWorkflow / GetWorkflowVersion). */
public interface WorkflowCatalog {

    /**
     * @param versionName the workflow version a batch runs, or null for the workflow itself
     * @throws BatchApiException when the service answers an error (retryable ones after the client's retries)
     */
    WorkflowDescription describe(String workflowId, String versionName);
}
