package io.omicsdropzone.domain.submission;

import java.io.InputStream;
import java.util.Optional;

/** Where run-settings files live (S3). */
public interface RunSettingsStore {

    /**
     * The object's current version, or empty when the key no longer exists.
     *
     * @throws ObjectAccessDeniedException when S3 answers 403 (also what it answers for a missing key when the
     *                                     caller may not list the bucket)
     */
    Optional<StoredObject> head(String bucket, String key);

    /**
     * Streams the object, but only while its ETag is still {@code etag}; the caller closes the stream.
     *
     * @throws ObjectChangedException       when the object was deleted or overwritten
     * @throws ObjectAccessDeniedException when S3 answers 403 AccessDenied
     */
    InputStream open(String bucket, String key, String etag);

    /** @param etag unquoted */
    record StoredObject(String etag, long size) {
    }

    /** The object is gone or holds other content than the event announced. */
    final class ObjectChangedException extends RuntimeException {
        public ObjectChangedException(String message) {
            super(message);
        }
    }

    /** S3 refused the read with 403 AccessDenied: a missing permission, or a deleted key seen without s3:ListBucket. */
    final class ObjectAccessDeniedException extends RuntimeException {
        private final String operation;

        public ObjectAccessDeniedException(String operation, String message) {
            super(message);
            this.operation = operation;
        }

        /** HeadObject or GetObject. */
        public String operation() {
            return operation;
        }
    }
}
