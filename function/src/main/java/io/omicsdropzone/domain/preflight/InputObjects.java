package io.omicsdropzone.domain.preflight;

/**
 * Whether the input files a run names exist (S3). Implementations are called from several threads at once.
 */
public interface InputObjects {

    enum Existence {
        FOUND,
        MISSING,
        /** The dropzone may not read it; it reads what the HealthOmics service role reads, so the runs could not. */
        DENIED
    }

    /** HeadObject of one key. @throws RuntimeException for errors that outlasted the client's retries */
    Existence object(String bucket, String key);

    /** Whether anything lies under {@code prefix} (ListObjectsV2, at most one key). */
    Existence anyUnder(String bucket, String prefix);
}
