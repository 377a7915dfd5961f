package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ServerTest {

    private static final String BUCKET = "dropzone-input";
    private static S3Server server;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        server = S3Server.start(StandIns.CREDENTIALS);
        s3 = server.newClient(StandIns.REGION);
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    // What the snapshot step relies on, checked on the stand-in itself: CopyObject and UploadPartCopy honour
    // x-amz-copy-source-if-match (412 PreconditionFailed when the source's ETag differs), as the Amazon S3 API
    // Reference documents (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html,
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html). s3proxy 4.1 implements both; no
    // change to the stand-in was needed.
    @Test
    void copyObjectCopiesOnlyWhileTheSourceEtagMatches() {
        String etag = s3.putObject(b -> b.bucket(BUCKET).key("in/a.json"), RequestBody.fromString("[1]")).eTag();

        String copied = s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("in/a.json").copySourceIfMatch(etag)
                .destinationBucket(BUCKET).destinationKey("submitted/a.json")).copyObjectResult().eTag();

        assertThat(copied).isEqualTo(etag); // single-part copy of identical bytes: the same MD5 ETag
        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("in/a.json")
                .copySourceIfMatch("\"00000000000000000000000000000000\"")
                .destinationBucket(BUCKET).destinationKey("submitted/refused.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("submitted/refused")).contents()).isEmpty();
    }

    @Test
    void uploadPartCopyCopiesRangesOnlyWhileTheSourceEtagMatches() {
        byte[] content = new byte[6 << 20];
        Arrays.fill(content, (byte) 'x');
        String etag = s3.putObject(b -> b.bucket(BUCKET).key("in/big.json"), RequestBody.fromBytes(content)).eTag();
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("submitted/big.json")).uploadId();

        assertThatThrownBy(() -> s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("in/big.json")
                .copySourceIfMatch("\"00000000000000000000000000000000\"").copySourceRange("bytes=0-1023")
                .destinationBucket(BUCKET).destinationKey("submitted/big.json").uploadId(uploadId).partNumber(1)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        String first = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("in/big.json").copySourceIfMatch(etag)
                .copySourceRange("bytes=0-" + ((5 << 20) - 1)).destinationBucket(BUCKET)
                .destinationKey("submitted/big.json").uploadId(uploadId).partNumber(1)).copyPartResult().eTag();
        String second = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("in/big.json").copySourceIfMatch(etag)
                .copySourceRange("bytes=" + (5 << 20) + "-" + (content.length - 1)).destinationBucket(BUCKET)
                .destinationKey("submitted/big.json").uploadId(uploadId).partNumber(2)).copyPartResult().eTag();
        String completed = s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("submitted/big.json").uploadId(uploadId)
                .multipartUpload(m -> m.parts(List.of(CompletedPart.builder().partNumber(1).eTag(first).build(),
                        CompletedPart.builder().partNumber(2).eTag(second).build())))).eTag();

        assertThat(completed).endsWith("-2\"").isNotEqualTo(etag); // a multipart ETag differs from the single one
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("submitted/big.json")).asByteArray()).isEqualTo(content);
    }

    // An SSE-KMS bucket: objects written by PUT or Copy have ETags that are not an MD5 of their data, and so do
    // multipart uploads (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html, ETag): the same bytes
    // written again get another ETag. Conditions hold on the ETag S3 shows.
    @Test
    void anEncryptedBucketGivesEveryWriteAFreshEtagThatConditionsHoldOn() throws Exception {
        String bucket = "encrypted-input";
        s3.createBucket(b -> b.bucket(bucket));
        server.encryptBucket(bucket);
        byte[] content = "[{\"runSettingId\": \"a\"}]".getBytes(StandardCharsets.UTF_8);
        String md5 = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"";

        String first = s3.putObject(b -> b.bucket(bucket).key("in/a.json"), RequestBody.fromBytes(content)).eTag();
        String again = s3.putObject(b -> b.bucket(bucket).key("in/a.json"), RequestBody.fromBytes(content)).eTag();

        assertThat(first).isNotEqualTo(md5).matches("\"[0-9a-f]{32}\"");
        assertThat(again).isNotEqualTo(first).isNotEqualTo(md5);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("in/a.json")).eTag()).isEqualTo(again);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("in/")).contents())
                .singleElement().satisfies(object -> assertThat(object.eTag()).isEqualTo(again));
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("in/a.json").ifMatch(again));
        assertThat(got.asByteArray()).isEqualTo(content);
        assertThat(got.response().eTag()).isEqualTo(again);
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("in/a.json").ifMatch(first)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("in/a.json").ifMatch(md5)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));

        String copied = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("in/a.json").copySourceIfMatch(again)
                .destinationBucket(bucket).destinationKey("submitted/a.json")).copyObjectResult().eTag();
        assertThat(copied).isNotEqualTo(again).isNotEqualTo(md5);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("submitted/a.json")).eTag()).isEqualTo(copied);
        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("in/a.json")
                .copySourceIfMatch(first).destinationBucket(bucket).destinationKey("submitted/refused.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));

        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("in/a.json")).uploadId();
        String part = s3.uploadPart(b -> b.bucket(bucket).key("in/a.json").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(content)).eTag();
        String multipart = s3.completeMultipartUpload(b -> b.bucket(bucket).key("in/a.json").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part).build()))).eTag();
        assertThat(multipart).endsWith("-1\"").isNotEqualTo(again);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("in/a.json")).eTag()).isEqualTo(multipart);
        // Other buckets keep MD5 ETags.
        assertThat(s3.putObject(b -> b.bucket(BUCKET).key("in/plain.json"), RequestBody.fromBytes(content)).eTag())
                .isEqualTo(md5);
    }

    @Test
    void listensOnLoopbackWithAnEphemeralPort() {
        assertThat(server.endpoint().getScheme()).isEqualTo("http");
        assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(server.endpoint().getPort()).isPositive();
    }

    @Test
    void putHeadGetAndDeleteWithS3StyleEtags() {
        byte[] content = "[{\"runSettingId\":\"sample-A\"}]".getBytes(StandardCharsets.UTF_8);
        String expectedEtag = "\"" + md5Hex(content) + "\"";

        PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key("incoming/a.json"), RequestBody.fromBytes(content));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("incoming/a.json"));
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("incoming/a.json"));
        s3.deleteObject(b -> b.bucket(BUCKET).key("incoming/a.json"));

        assertThat(put.eTag()).isEqualTo(expectedEtag);
        assertThat(head.eTag()).isEqualTo(expectedEtag);
        assertThat(head.contentLength()).isEqualTo(content.length);
        assertThat(got.asByteArray()).isEqualTo(content);
        assertThat(got.response().eTag()).isEqualTo(expectedEtag);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("incoming/a.json")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket(BUCKET).key("incoming/a.json")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void conditionalGetHonoursIfMatch() {
        PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key("incoming/cond.json"), RequestBody.fromString("[]"));

        String matching = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("incoming/cond.json").ifMatch(put.eTag())).asUtf8String();

        assertThat(matching).isEqualTo("[]");
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("incoming/cond.json")
                .ifMatch("\"0123456789abcdef0123456789abcdef\"")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    }

    @Test
    void conditionalPutRefusesToOverwriteWithIfNoneMatchStar() {
        s3.putObject(b -> b.bucket(BUCKET).key("incoming/once.json"), RequestBody.fromString("first"));

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("incoming/once.json").ifNoneMatch("*"),
                RequestBody.fromString("second")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("incoming/once.json")).asUtf8String()).isEqualTo("first");
    }

    @Test
    void keysWithSpacesPlusSignsAndNonAsciiCharactersRoundTrip() {
        String key = "incoming/cohort 7/Sämple+1 (v2).json";

        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("[]"));

        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("incoming/cohort 7/")).contents())
                .extracting(object -> object.key()).containsExactly(key);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo("[]");
    }

    @Test
    void multipartUploadEtagIsTheMd5OfPartMd5sWithThePartCount() throws Exception {
        byte[] part1 = new byte[5 * 1024 * 1024];
        Arrays.fill(part1, (byte) 'a');
        byte[] part2 = "tail".getBytes(StandardCharsets.UTF_8);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("incoming/big.json")).uploadId();
        String etag1 = s3.uploadPart(b -> b.bucket(BUCKET).key("incoming/big.json").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(part1)).eTag();
        String etag2 = s3.uploadPart(b -> b.bucket(BUCKET).key("incoming/big.json").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(part2)).eTag();

        String etag = s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("incoming/big.json").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                        CompletedPart.builder().partNumber(2).eTag(etag2).build()))).eTag();

        ByteArrayOutputStream digests = new ByteArrayOutputStream();
        digests.write(MessageDigest.getInstance("MD5").digest(part1));
        digests.write(MessageDigest.getInstance("MD5").digest(part2));
        assertThat(etag).isEqualTo("\"" + md5Hex(digests.toByteArray()) + "-2\"");
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("incoming/big.json")).contentLength())
                .isEqualTo(part1.length + part2.length);
    }

    @Test
    void rejectsRequestsSignedWithAnotherSecret() {
        try (S3Client wrong = S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.of(StandIns.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(StandIns.CREDENTIALS.accessKeyId(), "not-the-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {

            assertThatThrownBy(() -> wrong.listObjectsV2(b -> b.bucket(BUCKET)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
    }

    @Test
    void closeIsIdempotent() {
        S3Server another = S3Server.start(StandIns.CREDENTIALS);
        int port = another.endpoint().getPort();

        another.close();
        another.close();

        assertThat(port).isPositive();
        try (S3Client client = another.newClient(StandIns.REGION)) {
            assertThatThrownBy(() -> client.listBuckets()).isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
        }
    }

    private static String md5Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
