package io.omicsdropzone.domain;

/** Where a dropped file is in its submission. */
public enum DropStatus {
    /** Claimed by an invocation; nothing sent to HealthOmics yet. */
    RECEIVED,
    /** StartRunBatch was (or is being) called; a retry resumes with the same requestId. */
    SUBMITTING,
    /** HealthOmics accepted the batch. */
    SUBMITTED,
    /** The file was invalid, or deleted/overwritten before it could be submitted. */
    REJECTED,
    /** HealthOmics refused the batch with a non-retryable error. */
    FAILED,
    /**
     * The same content under the same key was already handled by another drop ({@code duplicateOf}) although the
     * ETag differs (SSE-KMS, multipart): no batch, one {@code DuplicateFile}.
     */
    DUPLICATE;

    public boolean terminal() {
        return this == SUBMITTED || this == REJECTED || this == FAILED || this == DUPLICATE;
    }
}
