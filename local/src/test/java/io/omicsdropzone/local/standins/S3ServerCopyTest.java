package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What the snapshot step relies on, checked on the stand-in itself: CopyObject and UploadPartCopy honour
 * {@code x-amz-copy-source-if-match} (412 PreconditionFailed when the source's ETag differs), as the Amazon S3 API
 * Reference documents (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html). s3proxy 4.1 implements both; no
 * change to the stand-in was needed.
 */
class S3ServerCopyTest {

    private static final String BUCKET = "copy-bucket";
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
}
