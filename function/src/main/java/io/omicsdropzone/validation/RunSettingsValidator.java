package io.omicsdropzone.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Streams a run-settings file (a JSON array of StartRunBatch InlineSetting objects) and reports every problem the
 * service would reject it for. Memory does not grow with file size, only with the number of distinct runSettingIds.
 *
 * <p>What is checked, and the choices made where the API reference is silent:
 * <ul>
 *   <li>the file: at most {@link #MAX_FILE_BYTES} (checked from {@code sizeBytes} before reading, and again while
 *       reading), UTF-8 (UTF-16/32 and invalid byte sequences are errors; a UTF-8 BOM is reported), one JSON array of
 *       1 to {@link #MAX_ENTRIES} entries and nothing but whitespace after it;</li>
 *   <li>each entry: a JSON object with only the InlineSetting fields and no key twice (in any object, nested ones
 *       included); the field rules are in {@link FieldRules}; runSettingIds are unique across the file;</li>
 *   <li>lengths are counted in Unicode code points, as Smithy's length trait counts them; JSON null is an error for
 *       every field (see {@link FieldRules} for why).</li>
 * </ul>
 * A semantic error is recorded and the scan continues; malformed JSON ends it. Instances are stateless and
 * thread-safe.
 */
public final class RunSettingsValidator {

    /**
     * Tag keys the dropzone sets on every batch and run (the run's drop, for cost attribution). HealthOmics merges a
     * run's runTags over the default's, the run winning, so a file may not use them.
     */
    public static final String RESERVED_TAG_PREFIX = "omics-dropzone:";
    /** HealthOmics limits for an s3UriSettings file. */
    public static final long MAX_ENTRIES = 100_000;
    public static final long MAX_FILE_BYTES = 6L * 1024 * 1024 * 1024;
    /** Errors kept in a report; the total is still counted. */
    public static final int MAX_REPORTED_ERRORS = 100;

    /**
     * Longest string value the validator will read into memory (a checked field or an excerpt). Values it only skips,
     * such as strings inside {@code parameters}, may be any length. Longer checked values are far over every field's
     * limit already, and reading them whole is what would break a small heap.
     */
    static final int MAX_READ_STRING_CHARS = 1_000_000;

    /**
     * Shared and thread-safe. Field names stay canonicalized (equal keys come back as one String) but are not
     * interned: parameters keys are user data, and interning each new one costs a global table lookup.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_READ_STRING_CHARS).build())
            .build();

    private final long maxFileBytes;

    public RunSettingsValidator() {
        this(MAX_FILE_BYTES);
    }

    /** For tests: a smaller byte cap proves the while-reading check without a multi-gigabyte stream. */
    RunSettingsValidator(long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * @param in        the file's bytes; read to the end (or to the first unrecoverable syntax error), not closed
     * @param sizeBytes the object's size when known (checked against {@link #MAX_FILE_BYTES} before reading), or -1
     * @throws IOException when reading the stream fails (not for malformed content, which is reported)
     */
    public ValidationReport validate(InputStream in, long sizeBytes) throws IOException {
        return validate(in, sizeBytes, ProgressListener.NONE);
    }

    /** As {@link #validate(InputStream, long)}, telling {@code listener} how far the scan has come. */
    public ValidationReport validate(InputStream in, long sizeBytes, ProgressListener listener) throws IOException {
        return validate(in, sizeBytes, listener, Preflight.NONE);
    }

    /**
     * As above, with the pre-flight checks (parameter names against the workflow's template, input existence) run
     * during the same pass.
     *
     * @throws RuntimeException when an input check failed for a reason other than "missing" or "denied" (an S3 error
     *                          that outlasted the client's retries): the file could not be checked, which is not its fault
     */
    public ValidationReport validate(InputStream in, long sizeBytes, ProgressListener listener, Preflight preflight)
            throws IOException {
        Objects.requireNonNull(preflight, "preflight");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(listener, "listener");
        if (sizeBytes > maxFileBytes) {
            String message = String.format(
                    "the file is %,d bytes; HealthOmics accepts run-settings files of at most %,d bytes%s",
                    sizeBytes, maxFileBytes, maxFileBytes == MAX_FILE_BYTES ? " (6 GiB)" : "");
            ValidationError tooLarge = new ValidationError(-1, null, "", -1, -1, message, message);
            return new ValidationReport(0, 1, List.of(tooLarge));
        }
        return new RunSettingsScan(JSON, new SizeCappedInputStream(in, maxFileBytes), MAX_ENTRIES, sizeBytes, listener,
                preflight).run();
    }

    /** Validates a local file, e.g. for the command line. */
    public ValidationReport validate(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return validate(in, Files.size(file));
        }
    }
}
