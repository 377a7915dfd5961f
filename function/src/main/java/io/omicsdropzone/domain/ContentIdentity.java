package io.omicsdropzone.domain;

/**
 * What a drop knows about its content, independently of the ETag (which S3 does not derive from the bytes under
 * SSE-KMS or SSE-C, nor for multipart uploads, so the same bytes written again get another ETag and another requestId).
 *
 * @param sha256      hex SHA-256 of the dropped bytes, computed while they were streamed for validation; null until
 *                    a validation read the whole file (invalid files are not hashed to the end)
 * @param duplicateOf on a {@link DropStatus#DUPLICATE} drop: the requestId of the drop that holds the same content
 *                    under the same key
 * @param reuploadOf  on a drop made for an identical re-upload of a {@link DropStatus#REJECTED} drop (same ETag, so the
 *                    same requestId): the requestId of that rejected drop
 */
public record ContentIdentity(String sha256, String duplicateOf, String reuploadOf) {

    public static final ContentIdentity NONE = new ContentIdentity(null, null, null);

    public ContentIdentity withSha256(String value) {
        return new ContentIdentity(value, duplicateOf, reuploadOf);
    }

    public ContentIdentity withDuplicateOf(String value) {
        return new ContentIdentity(sha256, value, reuploadOf);
    }
}
