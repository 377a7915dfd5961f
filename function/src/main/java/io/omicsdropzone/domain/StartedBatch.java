package io.omicsdropzone.domain;

/** StartRunBatch's answer. */
public record StartedBatch(String id, String arn, String status, String uuid) {
}
