package io.omicsdropzone.domain;

/**
 * The HealthOmics batch operations this project uses. One interface so the official SDK client can replace the
 * hand-built one once the served {@code omics} artifact has the batch operations.
 * Every method throws {@link BatchApiException} for service and transport errors, after the client's own retries.
 */
public interface RunBatchApi {

    StartedBatch startRunBatch(BatchRequest request);
}
