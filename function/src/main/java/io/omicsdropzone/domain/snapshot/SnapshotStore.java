package io.omicsdropzone.domain.snapshot;

import io.omicsdropzone.domain.Snapshot;

import io.omicsdropzone.spool.SpoolFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Writes snapshots (S3). Two ways in: a server-side copy of exactly the validated version of a dropped file, or
 * generated content (a re-drive's subset of runs; a converted samplesheet).
 */
public interface SnapshotStore {

    /**
     * Copies {@code sourceKey}, only while its ETag is {@code sourceEtag}, to {@code targetKey} in the same bucket.
     *
     * @param size the source's size in bytes (decides single or multipart copy), or -1 to look it up
     * @throws RunSettingsStore.ObjectChangedException      when the source was deleted or overwritten
     * @throws RunSettingsStore.ObjectAccessDeniedException when S3 answers 403 AccessDenied
     */
    Snapshot copy(String bucket, String sourceKey, String sourceEtag, long size, String targetKey);

    /** Writes {@code content} to {@code targetKey}; the content may be opened more than once (retries). */
    Snapshot write(String bucket, String targetKey, Content content);

    /**
     * Writes {@code content} to {@code targetKey} only if nothing is there ({@code If-None-Match: *}); when an earlier
     * attempt wrote it, that object is returned as it is. A snapshot is written once: HealthOmics fails a batch whose
     * {@code s3UriSettings} object changed after StartRunBatch.
     */
    Snapshot writeOnce(String bucket, String targetKey, Content content);

    /** {@link #copy} unless {@code targetKey} already exists, which is then returned as it is. */
    Snapshot copyOnce(String bucket, String sourceKey, String sourceEtag, long size, String targetKey);

    /**
     * Writes {@code content} to {@code targetKey} only if no object is there yet: a run's sheet is written once and
     * never rewritten by a retry or a resume (a batch may already be reading it).
     *
     * @return true when written now, false when the key already existed (an earlier attempt wrote it)
     */
    default boolean writeOnce(String bucket, String targetKey, Content content, String contentType) {
        throw new UnsupportedOperationException("this snapshot store cannot write once");
    }

    /** Streams a snapshot, only while its ETag is the recorded one; the caller closes the stream. */
    InputStream open(Snapshot snapshot);

    /** Generated snapshot content that can be read again from the start. */
    interface Content {
        long length();

        InputStream open() throws IOException;

        static Content ofBytes(byte[] bytes) {
            byte[] copy = bytes.clone();
            return new Content() {
                @Override
                public long length() {
                    return copy.length;
                }

                @Override
                public InputStream open() {
                    return new java.io.ByteArrayInputStream(copy);
                }
            };
        }

        /** A spool file's content, as written; the caller keeps the file open until the write is done. */
        static Content ofSpool(SpoolFile file) {
            return new Content() {
                @Override
                public long length() {
                    try {
                        return file.size();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public InputStream open() throws IOException {
                    return file.input();
                }
            };
        }
    }
}
