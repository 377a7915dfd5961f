package io.omicsdropzone.aws;

import io.omicsdropzone.validation.CheckProgressStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Input-check progress beside the drop: {@code <SNAPSHOT_PREFIX>preflight/<requestId>.json} in the dropped file's
 * bucket. Under the snapshot prefix, events for it never start a drop, the submit role may already read and write
 * there (GetObject, PutObject), and the snapshots' lifecycle rule expires it. Without {@code s3:ListBucket} on the
 * prefix S3 answers 403, not 404, for a key never written (Amazon S3 API Reference, GetObject, "Permissions",
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html): both mean "no progress yet".
 */
public final class S3CheckProgressStore implements CheckProgressStore {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final S3Client s3;
    private final String prefix;

    public S3CheckProgressStore(S3Client s3, String snapshotPrefix) {
        this.s3 = s3;
        this.prefix = snapshotPrefix + "preflight/";
    }

    String keyFor(String requestId) {
        return prefix + requestId + ".json";
    }

    @Override
    public Optional<String> load(String bucket, String requestId) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(keyFor(requestId))
                    .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT))).asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 403) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void save(String bucket, String requestId, String progress) {
        s3.putObject(b -> b.bucket(bucket).key(keyFor(requestId)).contentType("application/json")
                        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)),
                RequestBody.fromString(progress, StandardCharsets.UTF_8));
    }
}
