package io.omicsdropzone.aws;

import io.omicsdropzone.domain.Snapshot;
import io.omicsdropzone.domain.snapshot.SnapshotStore;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectAccessDeniedException;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectChangedException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SnapshotStore} on S3. A copy is server-side and pinned to the validated ETag with
 * {@code x-amz-copy-source-if-match}, so what HealthOmics reads is byte for byte what was validated (S3 answers 412 if
 * the source changed in between). CopyObject copies at most 5 GB; larger files are copied in parts with
 * UploadPartCopy, each part pinned the same way
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/CopyingObjectsMPUapi.html).
 *
 * <p>Snapshots carry no tags, so they never need tag permissions: CopyObject's tagging directive defaults to COPY,
 * which reads the source's tags (s3:GetObjectTagging) and writes them on the copy (s3:PutObjectTagging), and uploads
 * are often tagged by scanners and classifiers. {@code x-amz-tagging-directive: REPLACE} without {@code x-amz-tagging}
 * copies none (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html, x-amz-tagging-directive and
 * x-amz-tagging). A multipart copy's tags come from CreateMultipartUpload, which sends none.
 */
public final class S3SnapshotStore implements SnapshotStore {

    /** Parts of a multipart copy: large enough to keep a 6 GB file at a dozen parts, far below the 10,000 limit. */
    static final long MAX_PART_SIZE = 512L * 1024 * 1024;
    static final String CONTENT_TYPE = "application/json";

    private final S3Client s3;
    private final long multipartThreshold;
    private final long partSize;

    /** @param multipartThreshold sizes above it are copied in parts of {@code min(threshold, 512 MiB)} */
    public S3SnapshotStore(S3Client s3, long multipartThreshold) {
        this.s3 = s3;
        this.multipartThreshold = multipartThreshold;
        this.partSize = Math.min(multipartThreshold, MAX_PART_SIZE);
    }

    @Override
    public Snapshot copy(String bucket, String sourceKey, String sourceEtag, long size, String targetKey) {
        long length = size >= 0 ? size : sizeOf(bucket, sourceKey);
        String ifMatch = "\"" + sourceEtag + "\"";
        try {
            if (length <= multipartThreshold) {
                String etag = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(sourceKey).copySourceIfMatch(ifMatch)
                        .taggingDirective(TaggingDirective.REPLACE)
                        .destinationBucket(bucket).destinationKey(targetKey)).copyObjectResult().eTag();
                return new Snapshot(bucket, targetKey, etag);
            }
            return new Snapshot(bucket, targetKey, copyInParts(bucket, sourceKey, ifMatch, length, targetKey));
        } catch (NoSuchKeyException e) {
            throw new ObjectChangedException("the object no longer exists: it was deleted before its snapshot was taken");
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                throw new ObjectChangedException("the object changed before its snapshot was taken (ETag is no longer "
                        + sourceEtag + ")");
            }
            if (e.statusCode() == 403 && "AccessDenied".equals(errorCode(e))) {
                throw new ObjectAccessDeniedException(length <= multipartThreshold ? "CopyObject" : "UploadPartCopy",
                        "AccessDenied (HTTP 403)");
            }
            throw e;
        }
    }

    private String copyInParts(String bucket, String sourceKey, String ifMatch, long length, String targetKey) {
        // No tagging here: the copy's tags would come from this request, and it needs none.
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(targetKey).contentType(CONTENT_TYPE))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long first = 0; first < length; first += partSize, number++) {
                String range = "bytes=" + first + "-" + (Math.min(first + partSize, length) - 1);
                int partNumber = number;
                String etag = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(sourceKey)
                        .copySourceIfMatch(ifMatch).copySourceRange(range)
                        .destinationBucket(bucket).destinationKey(targetKey)
                        .uploadId(uploadId).partNumber(partNumber)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            return s3.completeMultipartUpload(b -> b.bucket(bucket).key(targetKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))).eTag();
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(targetKey).uploadId(uploadId));
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    @Override
    public Snapshot write(String bucket, String targetKey, Content content) {
        ContentStreamProvider provider = () -> {
            try {
                return content.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        String etag = s3.putObject(b -> b.bucket(bucket).key(targetKey).contentType(CONTENT_TYPE),
                RequestBody.fromContentProvider(provider, content.length(), CONTENT_TYPE)).eTag();
        return new Snapshot(bucket, targetKey, etag);
    }

    /** A snapshot written once: when an earlier attempt wrote it, that object is returned as it is. */
    @Override
    public Snapshot writeOnce(String bucket, String targetKey, Content content) {
        return putIfAbsent(bucket, targetKey, content, CONTENT_TYPE)
                .map(etag -> new Snapshot(bucket, targetKey, etag))
                .or(() -> existing(bucket, targetKey))
                .orElseThrow(() -> new IllegalStateException("s3://" + bucket + "/" + targetKey
                        + " exists (412) but HeadObject does not find it"));
    }

    /** A run's samplesheet, written once and never rewritten by a retry or a resume. */
    @Override
    public boolean writeOnce(String bucket, String targetKey, Content content, String contentType) {
        return putIfAbsent(bucket, targetKey, content, contentType).isPresent();
    }

    /**
     * PutObject with {@code If-None-Match: *}: S3 answers 412 Precondition Failed when the key exists and writes
     * nothing, and 409 ConditionalRequestConflict to a concurrent conditional write of the same key
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html,
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
     *
     * @return the new object's ETag; empty when the key was already there (or another writer's write won)
     */
    private java.util.Optional<String> putIfAbsent(String bucket, String targetKey, Content content, String contentType) {
        ContentStreamProvider provider = () -> {
            try {
                return content.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            return java.util.Optional.of(s3.putObject(b -> b.bucket(bucket).key(targetKey).contentType(contentType)
                    .ifNoneMatch("*"), RequestBody.fromContentProvider(provider, content.length(), contentType)).eTag());
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Snapshot copyOnce(String bucket, String sourceKey, String sourceEtag, long size, String targetKey) {
        return existing(bucket, targetKey).orElseGet(() -> copy(bucket, sourceKey, sourceEtag, size, targetKey));
    }

    private java.util.Optional<Snapshot> existing(String bucket, String key) {
        try {
            return java.util.Optional.of(new Snapshot(bucket, key, s3.headObject(b -> b.bucket(bucket).key(key)).eTag()));
        } catch (NoSuchKeyException e) {
            return java.util.Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream open(Snapshot snapshot) {
        try {
            return s3.getObject(b -> b.bucket(snapshot.bucket()).key(snapshot.key())
                    .ifMatch("\"" + snapshot.etag() + "\""));
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                throw new ObjectChangedException("the snapshot " + snapshot.uri() + " is gone or changed (ETag "
                        + snapshot.etag() + " expected)");
            }
            throw e;
        }
    }

    private long sizeOf(String bucket, String key) {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectChangedException("s3://" + bucket + "/" + key + " no longer exists");
            }
            throw e;
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
