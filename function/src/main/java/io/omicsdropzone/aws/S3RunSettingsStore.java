package io.omicsdropzone.aws;

import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.submission.RunSettingsStore;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/** {@link RunSettingsStore} on S3: HeadObject for the current version, GetObject pinned to the ETag. */
public final class S3RunSettingsStore implements RunSettingsStore {

    /**
     * HeadObject answers in milliseconds; a hung one must not eat the invocation. (GetObject streams gigabytes, so it
     * keeps the client's socket timeout instead of a call timeout.)
     */
    static final Duration HEAD_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration HEAD_CALL_TIMEOUT = Duration.ofSeconds(20);

    private final S3Client s3;

    public S3RunSettingsStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Optional<StoredObject> head(String bucket, String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).overrideConfiguration(
                    o -> o.apiCallAttemptTimeout(HEAD_ATTEMPT_TIMEOUT).apiCallTimeout(HEAD_CALL_TIMEOUT)));
            return Optional.of(new StoredObject(DroppedObject.unquote(head.eTag()), head.contentLength()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // HEAD answers have no body, so the SDK cannot always type the 404
            }
            if (e.statusCode() == 403) {
                // No body either: a bare 403 is AccessDenied (the SDK corrects clock skew itself and retries).
                throw new ObjectAccessDeniedException("HeadObject", errorText(e));
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String bucket, String key, String etag) {
        try {
            // If-Match makes S3 refuse (412) rather than stream content other than what was announced.
            return s3.getObject(b -> b.bucket(bucket).key(key).ifMatch("\"" + etag + "\""));
        } catch (NoSuchKeyException e) {
            throw new ObjectChangedException("the object no longer exists: it was deleted while being read");
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                throw new ObjectChangedException("the object changed while being read (ETag is no longer " + etag + ")");
            }
            if (e.statusCode() == 403 && "AccessDenied".equals(errorCode(e))) {
                throw new ObjectAccessDeniedException("GetObject", errorText(e));
            }
            throw e; // other 403s (expired token, skew) clear by themselves: let the retry path take them
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String errorText(S3Exception e) {
        String code = errorCode(e);
        return (code == null || code.isBlank() ? "AccessDenied" : code) + " (HTTP " + e.statusCode() + ")";
    }
}
