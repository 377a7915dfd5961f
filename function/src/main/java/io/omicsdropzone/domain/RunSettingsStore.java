package io.omicsdropzone.domain;

import java.io.InputStream;
import java.util.Optional;

/** Where run-settings files live (S3). */
public interface RunSettingsStore {

    /** The object's current version, or empty when the key no longer exists. */
    Optional<StoredObject> head(String bucket, String key);

    /**
     * Streams the object, but only while its ETag is still {@code etag}; the caller closes the stream.
     *
     * @throws ObjectChangedException when the object was deleted or overwritten
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
}
