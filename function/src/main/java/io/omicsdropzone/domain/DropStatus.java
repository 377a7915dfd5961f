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
    FAILED;

    public boolean terminal() {
        return this == SUBMITTED || this == REJECTED || this == FAILED;
    }
}
