package io.omicsdropzone.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One object version that S3 reported as created.
 *
 * @param key       the URL-decoded object key
 * @param etag      the ETag without quotes
 * @param size      bytes, or -1 when unknown
 * @param versionId null for unversioned buckets
 * @param sequencer orders events of the same key; null when not given
 */
public record DroppedObject(String bucket, String key, String etag, long size, String versionId, String sequencer) {

    public DroppedObject {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        etag = unquote(etag);
        // aws-lambda-java-events reports an absent versionId as "": one representation for "none".
        versionId = versionId == null || versionId.isBlank() ? null : versionId;
        sequencer = sequencer == null || sequencer.isBlank() ? null : sequencer;
    }

    /** S3 event ETags come unquoted, HeadObject's quoted; compare them in one form. */
    public static String unquote(String etag) {
        String trimmed = etag.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }

    public String s3Uri() {
        return "s3://" + bucket + "/" + key;
    }

    /** Only .json keys are run-settings files (the same case-sensitive suffix the S3 notification filter uses). */
    public boolean isRunSettingsFile() {
        return key.endsWith(".json");
    }

    /**
     * The StartRunBatch idempotency token: {@code hex(SHA-256(UTF-8("s3://" + bucket + "/" + key + "#" + etag)))}.
     * Same object version gives the same id on every delivery; new content gives a new ETag and so a new id.
     * The text is unambiguous: bucket names hold no '/', ETags hold no '#'. 64 hex characters fit the API's 1–128.
     */
    public String requestId() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest((s3Uri() + "#" + etag).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** Short, non-reversible key reference for logs: keys may carry sample or patient identifiers. */
    public String keyHash() {
        return requestIdPrefix(new DroppedObject(bucket, key, "", -1, null, null).requestId());
    }

    private static String requestIdPrefix(String id) {
        return id.substring(0, 12);
    }
}
