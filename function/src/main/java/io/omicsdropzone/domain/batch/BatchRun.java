package io.omicsdropzone.domain.batch;

/** One run of a batch as ListRunsInBatch reports it. */
public record BatchRun(String runSettingId, String runId, String runArn, String submissionStatus,
                       String submissionFailureReason, String submissionFailureMessage) {
}
