package io.omicsdropzone.local.standins.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3FaultFrontTest extends FaultFrontTestBase {

    private static final String BUCKET = "faults";
    private static S3Client s3;
    private static S3Client s3NoRetry;

    @BeforeAll
    static void clients() {
        s3 = s3(retries(standardRetries()));
        s3NoRetry = s3(retries(AwsRetryStrategy.doNotRetry()));
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void closeClients() {
        s3.close();
        s3NoRetry.close();
    }

    private FaultFront front() {
        return standIns.s3Faults();
    }

    @Test
    void passesSignedPutAndGetOfSeveralMegabytesThrough() throws Exception {
        byte[] content = new byte[5 * 1024 * 1024 + 17];
        new Random(11).nextBytes(content);

        String etag = s3.putObject(b -> b.bucket(BUCKET).key("big/data.bin"), RequestBody.fromBytes(content)).eTag();
        byte[] got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("big/data.bin")).asByteArray();

        // s3proxy verifies SigV4 on every request, so success means the signatures survived the front.
        assertThat(got).isEqualTo(content);
        assertThat(etag).isEqualTo("\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"");
        assertThat(front().requests()).isEqualTo(2);
        assertThat(front().injectedByKind()).isEmpty();
    }

    @Test
    void slowDownIsRetriedByTheSdkUntilItPasses() {
        put("retry/a.json", "[]");
        front().reset();
        front().inject(FaultRule.on("GetObject").respond(ServiceError.s3SlowDown()).times(ATTEMPTS - 1));

        String body = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("retry/a.json")).asUtf8String();

        assertThat(body).isEqualTo("[]");
        assertThat(front().requests()).isEqualTo(ATTEMPTS);
        assertThat(front().injectedByKind()).isEqualTo(Map.of("error:SlowDown", (long) ATTEMPTS - 1));
    }

    @Test
    void internalErrorOnEveryAttemptSurfacesAsA500() {
        put("retry/b.json", "[]");
        front().reset();
        front().inject(FaultRule.on("HeadObject").respond(ServiceError.s3InternalError()).times(10));

        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("retry/b.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThatCode(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("retry/b.json")))
                .as("GetObject is not matched by a HeadObject rule").doesNotThrowAnyException();
        assertThat(front().injectedByKind()).isEqualTo(Map.of("error:InternalError", (long) ATTEMPTS));
    }

    @Test
    void accessDeniedIsNotRetried() {
        put("denied/a.json", "[]");
        front().reset();
        front().inject(FaultRule.on("GetObject").key("denied/a.json").respond(ServiceError.s3AccessDenied()).times(5));

        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("denied/a.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                });
        assertThat(front().requests()).isEqualTo(1);
    }

    @Test
    void aSmallPutObjectRefusedWithSlowDownIsRetriedAndStored() {
        front().inject(FaultRule.on("PutObject").respond(ServiceError.s3SlowDown()).times(1));

        s3.putObject(b -> b.bucket(BUCKET).key("put/slow.json"), RequestBody.fromString("[1]"));

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("put/slow.json")).asUtf8String()).isEqualTo("[1]");
        assertThat(front().injectedByKind()).isEqualTo(Map.of("error:SlowDown", 1L));
    }

    @Test
    void aLargePutObjectRefusedBeforeOneHundredContinueIsAnIoErrorForTheUrlConnectionClient() {
        byte[] content = new byte[2 * 1024 * 1024];
        new Random(5).nextBytes(content);
        front().inject(FaultRule.on("PutObject").key("put/large.bin").respond(ServiceError.s3SlowDown()).times(1));
        front().inject(FaultRule.on("PutObject").key("put/denied.bin").respond(ServiceError.s3AccessDenied()).times(1));

        s3.putObject(b -> b.bucket(BUCKET).key("put/large.bin"), RequestBody.fromBytes(content));

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("put/large.bin")).asByteArray()).isEqualTo(content);
        // S3 refuses an Expect: 100-continue upload before its body. JDK 17's HttpURLConnection then finds its
        // fixed-length body unsent ("Incomplete output stream"), so even a 403 reaches the caller as a retryable client
        // exception; JDK 25's hands the 403 itself to the SDK. Either way nothing is stored.
        Throwable denied = catchThrowable(() -> s3NoRetry.putObject(b -> b.bucket(BUCKET).key("put/denied.bin"),
                RequestBody.fromBytes(content)));
        if (Runtime.version().feature() >= 25) {
            assertThat(denied).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        } else {
            assertThat(denied).isInstanceOf(SdkClientException.class).isNotInstanceOf(S3Exception.class);
        }
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("put/denied.bin")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        // At least the three SDK attempts carried Expect; HttpURLConnection may resend a refused head on its own.
        assertThat(front().expectContinueRequests()).isGreaterThanOrEqualTo(3);
        assertThat(front().injectedByKind()).isEqualTo(Map.of("error:SlowDown", 1L, "error:AccessDenied", 1L));
    }

    @Test
    void aMissingKeyIs404WithListBucketAnd403WithoutIt() {
        put("gone/a.json", "[]");
        s3.deleteObject(b -> b.bucket(BUCKET).key("gone/a.json"));
        put("kept/a.json", "[]");

        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("gone/a.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("gone/a.json")))
                .isInstanceOf(NoSuchKeyException.class);

        front().withoutListBucket();

        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("gone/a.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("gone/a.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                });
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("kept/a.json")).contentLength()).isEqualTo(2);
        assertThat(front().injectedByKind()).isEqualTo(Map.of("AccessDenied:no-ListBucket", 2L));
    }

    // A role without s3:GetObjectTagging/s3:PutObjectTagging: CopyObject's tagging directive defaults to COPY, so a
    // copy of a tagged source is refused unless it says REPLACE
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html, x-amz-tagging-directive).
    @Test
    void denyTagCopyRefusesACopyThatWouldCopyTagsOfATaggedSource() {
        front().denyTagCopy();
        s3.putObject(b -> b.bucket(BUCKET).key("tags/scanned.json").tagging("av-status=clean"), RequestBody.fromString("[]"));
        put("tags/plain.json", "[]");

        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("tags/scanned.json")
                .destinationBucket(BUCKET).destinationKey("tags/copy-default.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                });
        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("tags/scanned.json")
                .taggingDirective(software.amazon.awssdk.services.s3.model.TaggingDirective.COPY)
                .destinationBucket(BUCKET).destinationKey("tags/copy-copy.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThatCode(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("tags/scanned.json")
                .taggingDirective(software.amazon.awssdk.services.s3.model.TaggingDirective.REPLACE)
                .destinationBucket(BUCKET).destinationKey("tags/copy-replace.json"))).doesNotThrowAnyException();
        assertThatCode(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("tags/plain.json")
                .destinationBucket(BUCKET).destinationKey("tags/copy-plain.json"))).doesNotThrowAnyException();
        // The REPLACE copy carries no tags, so copying it on needs no tag permission either.
        assertThatCode(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("tags/copy-replace.json")
                .destinationBucket(BUCKET).destinationKey("tags/copy-of-copy.json"))).doesNotThrowAnyException();
        assertThat(front().injectedByKind()).isEqualTo(Map.of("AccessDenied:tag-copy", 2L));
    }

    @Test
    void aDeniedKeyAnswers403ForEveryObjectOperation() {
        front().denyKey("secret.json");

        assertThatThrownBy(() -> put("secret.json", "[]"))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("secret.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        put("public.json", "[]");
        assertThat(front().injectedByKind()).isEqualTo(Map.of("AccessDenied:denied-key", 2L));
    }

    @Test
    void aResetConnectionIsRetriedAndSucceedsWhenItHappensOnce() {
        put("reset/a.json", "[]");
        front().reset();
        front().inject(FaultRule.on("GetObject").reset().times(1));

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("reset/a.json")).asUtf8String()).isEqualTo("[]");
        assertThat(front().requests()).isEqualTo(2);
        assertThat(front().injectedByKind()).isEqualTo(Map.of("reset", 1L));
    }

    @Test
    void aConnectionResetOnEveryAttemptIsAnSdkClientException() {
        put("reset/b.json", "[]");
        front().inject(FaultRule.on("GetObject").reset().times(100));

        // Without SDK retries; HttpURLConnection itself resends a GET once when a kept-alive connection fails.
        assertThatThrownBy(() -> s3NoRetry.getObjectAsBytes(b -> b.bucket(BUCKET).key("reset/b.json")))
                .isInstanceOf(SdkClientException.class);
        assertThat(front().injectedByKind()).containsOnlyKeys("reset");
    }

    @Test
    void aDelayPastTheAttemptTimeoutIsAnAttemptTimeout() {
        put("slow/a.json", "[]");
        front().inject(FaultRule.on("HeadObject").delay(Duration.ofSeconds(2)).times(1));
        try (S3Client impatient = s3(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(Duration.ofMillis(300)))) {

            assertThatThrownBy(() -> impatient.headObject(b -> b.bucket(BUCKET).key("slow/a.json")))
                    .isInstanceOf(ApiCallAttemptTimeoutException.class);
            assertThat(impatient.headObject(b -> b.bucket(BUCKET).key("slow/a.json")).contentLength()).isEqualTo(2);
        }
        assertThat(front().injectedByKind()).isEqualTo(Map.of("delay", 1L));
    }

    @Test
    void aLatencyHoldsEveryRequestWithoutCountingAFaultAndKeptAliveConnectionsAreCounted() {
        put("latency/a.json", "[]");
        front().reset();
        front().latency(Duration.ofSeconds(2));
        try (S3Client impatient = s3(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(Duration.ofMillis(300)))) {

            assertThatThrownBy(() -> impatient.headObject(b -> b.bucket(BUCKET).key("latency/a.json")))
                    .isInstanceOf(ApiCallAttemptTimeoutException.class);
            assertThatThrownBy(() -> impatient.listObjectsV2(b -> b.bucket(BUCKET).prefix("latency/")))
                    .isInstanceOf(ApiCallAttemptTimeoutException.class);
        }
        front().latency(Duration.ZERO);
        long connections = front().connectionsAccepted();
        for (int i = 0; i < 5; i++) {
            assertThat(s3.headObject(b -> b.bucket(BUCKET).key("latency/a.json")).contentLength()).isEqualTo(2);
        }

        assertThat(front().injectedByKind()).isEmpty();
        assertThat(front().requests()).isEqualTo(2 + 5);
        // five requests one after another over one kept-alive connection: at most one new connection
        assertThat(front().connectionsAccepted() - connections).isLessThanOrEqualTo(1);
    }

    @Test
    void aLostResponseAfterAPutLeavesTheObjectStored() {
        front().inject(FaultRule.on("PutObject").key("lost/a.json").dropResponse().times(1));

        assertThatThrownBy(() -> s3NoRetry.putObject(b -> b.bucket(BUCKET).key("lost/a.json"), RequestBody.fromString("[2]")))
                .isInstanceOf(SdkClientException.class);

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("lost/a.json")).asUtf8String()).isEqualTo("[2]");
        assertThat(front().injectedByKind()).isEqualTo(Map.of("drop-response", 1L));
    }

    private static void put(String key, String content) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }
}
