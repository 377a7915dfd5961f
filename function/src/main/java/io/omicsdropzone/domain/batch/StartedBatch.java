package io.omicsdropzone.domain.batch;

/** StartRunBatch's answer. */
public record StartedBatch(String id, String arn, String status, String uuid) {
}
