package io.omicsdropzone.aws;

import io.omicsdropzone.validation.InputObjects;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.util.List;

/**
 * {@link InputObjects} on S3: HeadObject for a key, ListObjectsV2 with {@code max-keys=1} for a prefix, and pages of
 * ListObjectsV2 with {@code prefix}, {@code delimiter=/} and {@code start-after} or {@code continuation-token} to
 * answer many keys of one folder at once (all three need only {@code s3:ListBucket} on the bucket, restricted by the
 * {@code s3:prefix} condition, and {@code s3:GetObject} for HEAD; Amazon S3 API Reference, ListObjectsV2,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html: "returns objects in lexicographical order
 * based on their key names", at most 1,000 keys per page, StartAfter "can be any key in the bucket"). Without
 * {@code s3:ListBucket} S3 answers a missing key with 403, not 404 (Amazon S3 API Reference, HeadObject,
 * "Permissions"), so "denied" here may also mean "missing and not listable": either way the HealthOmics service role,
 * which may read the same locations, could not read it.
 */
public final class S3InputObjects implements InputObjects {

    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    /** S3's largest page. */
    static final int MAX_KEYS = 1000;

    private final S3Client s3;

    public S3InputObjects(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Existence object(String bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key).overrideConfiguration(
                    o -> o.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT)));
            return Existence.FOUND;
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            return Existence.MISSING;
        } catch (S3Exception e) {
            return answer(e);
        }
    }

    @Override
    public Existence anyUnder(String bucket, String prefix) {
        try {
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)
                    .overrideConfiguration(o -> o.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT)));
            return page.hasContents() && !page.contents().isEmpty() ? Existence.FOUND : Existence.MISSING;
        } catch (NoSuchBucketException e) {
            return Existence.MISSING;
        } catch (S3Exception e) {
            return answer(e);
        }
    }

    @Override
    public Page list(String bucket, String prefix, String startAfter, String continuationToken) {
        try {
            ListObjectsV2Response page = s3.listObjectsV2(b -> {
                b.bucket(bucket).prefix(prefix).delimiter("/").maxKeys(MAX_KEYS)
                        .overrideConfiguration(o -> o.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
                if (continuationToken != null) {
                    b.continuationToken(continuationToken);
                } else if (startAfter != null) {
                    b.startAfter(startAfter);
                }
            });
            List<String> keys = page.hasContents() ? page.contents().stream().map(S3Object::key).toList() : List.of();
            String next = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            return new Page(Existence.FOUND, keys, next);
        } catch (NoSuchBucketException e) {
            return new Page(Existence.FOUND, List.of(), null);
        } catch (S3Exception e) {
            if (answer(e) == Existence.MISSING) {
                return new Page(Existence.FOUND, List.of(), null);
            }
            return Page.denied();
        }
    }

    /** HEAD answers carry no body, so the SDK cannot always type a 404 or 403; other errors are not the file's. */
    private static Existence answer(S3Exception e) {
        if (e.statusCode() == 404) {
            return Existence.MISSING;
        }
        if (e.statusCode() == 403 && !transientAuth(e)) {
            return Existence.DENIED;
        }
        throw e;
    }

    /** An expired token or clock skew is not a denial: the check fails and the drop is retried. */
    private static boolean transientAuth(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && (code.equals("ExpiredToken") || code.equals("RequestTimeTooSkewed")
                || code.equals("InvalidToken"));
    }
}
