package io.omicsdropzone.domain;

import java.util.Objects;

/**
 * The immutable copy of a validated run-settings file that StartRunBatch reads. HealthOmics records the ETag of
 * {@code s3UriSettings} and fails the batch if the object changes while the batch is submitted (which can take a day
 * for a large batch), so the batch never points at the user's key.
 *
 * @param etag unquoted; recorded before StartRunBatch so a resume never copies again
 */
public record Snapshot(String bucket, String key, String etag) {

    public Snapshot {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        etag = DroppedObject.unquote(etag);
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }

    /** The key part of {@code s3://bucket/key}, or null when {@code uri} is not in {@code bucket}. */
    public static String keyOf(String uri, String bucket) {
        String start = "s3://" + bucket + "/";
        return uri != null && uri.startsWith(start) ? uri.substring(start.length()) : null;
    }
}
