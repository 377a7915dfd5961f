package io.omicsdropzone.validation;

/**
 * Told how far a long validation has come, e.g. to log from a Lambda that reads a multi-gigabyte file. Called on the
 * validating thread every {@link #INTERVAL_ENTRIES} entries and once at the end; it should return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

    long INTERVAL_ENTRIES = 10_000;

    ProgressListener NONE = (entries, bytes) -> { };

    /**
     * @param entriesSeen array entries seen so far
     * @param bytesRead   bytes read from the stream so far (the parser reads ahead, so this can lead the entries)
     */
    void progress(long entriesSeen, long bytesRead);
}
