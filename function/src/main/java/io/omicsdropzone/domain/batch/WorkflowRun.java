package io.omicsdropzone.domain.batch;

/**
 * One run as ListRuns ({@code RunListItem}) or GetRun reports it; {@code failureReason} and {@code statusMessage} come
 * from GetRun only.
 */
public record WorkflowRun(String id, String arn, String status, String batchId, String name, String failureReason,
                          String statusMessage) {
}
