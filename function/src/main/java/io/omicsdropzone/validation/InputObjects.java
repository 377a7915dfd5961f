package io.omicsdropzone.validation;

import java.util.List;

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

    /**
     * One page of a listing of the direct children of a prefix (ListObjectsV2 with delimiter {@code /}).
     *
     * @param access            FOUND when listed; DENIED when the listing was refused (403): nothing else is set
     * @param keys              the object keys of the page, full keys, in UTF-8 binary order
     * @param continuationToken where the next page starts, or null when this was the last page
     */
    record Page(Existence access, List<String> keys, String continuationToken) {

        public static Page denied() {
            return new Page(Existence.DENIED, List.of(), null);
        }

        public Page {
            keys = List.copyOf(keys);
        }

        public boolean last() {
            return continuationToken == null;
        }
    }

    /** HeadObject of one key. @throws RuntimeException for errors that outlasted the client's retries */
    Existence object(String bucket, String key);

    /** Whether anything lies under {@code prefix} (ListObjectsV2, at most one key). */
    Existence anyUnder(String bucket, String prefix);

    /**
     * One page of ListObjectsV2 with {@code prefix} and delimiter {@code /}: the first page starts after
     * {@code startAfter} (may be null), later ones at {@code continuationToken} (then {@code startAfter} is ignored).
     * Implementations without a listing answer DENIED, and the caller asks each key by {@link #object} instead.
     *
     * @throws RuntimeException for errors that outlasted the client's retries
     */
    default Page list(String bucket, String prefix, String startAfter, String continuationToken) {
        return Page.denied();
    }
}
