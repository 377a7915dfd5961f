package io.omicsdropzone.validation;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streams a run-settings file (a JSON array of StartRunBatch InlineSetting objects) and reports every problem the
 * service would reject it for. Memory does not grow with file size, only with the number of distinct runSettingIds.
 */
public final class RunSettingsValidator {

    /** HealthOmics limits for an s3UriSettings file. */
    public static final long MAX_ENTRIES = 100_000;
    public static final long MAX_FILE_BYTES = 6L * 1024 * 1024 * 1024;
    /** Errors kept in a report; the total is still counted. */
    public static final int MAX_REPORTED_ERRORS = 100;

    /**
     * @param in        the file's bytes; read to the end (or to the first unrecoverable syntax error), not closed
     * @param sizeBytes the object's size when known (checked against {@link #MAX_FILE_BYTES} before reading), or -1
     * @throws IOException when reading the stream fails (not for malformed content, which is reported)
     */
    public ValidationReport validate(InputStream in, long sizeBytes) throws IOException {
        throw new UnsupportedOperationException("implemented by the validation work package");
    }
}
