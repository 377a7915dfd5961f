package io.omicsdropzone.local.standins;

import java.io.InputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * Buckets encrypted with SSE-KMS (or SSE-C), as S3 gives them ETags: "Objects created by the PUT Object, POST Object,
 * or Copy operation, or through the AWS Management Console, and are encrypted by SSE-C or SSE-KMS, have ETags that
 * are not an MD5 digest of their object data. If an object is created by either the Multipart Upload or Part Copy
 * operation, the ETag is not an MD5 digest, regardless of the method of encryption"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html, ETag; also
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html). So every write (PutObject,
 * CopyObject, CompleteMultipartUpload) into such a bucket gets a fresh ETag, even for bytes written before: the same
 * file uploaded twice has two ETags. Multipart ETags keep S3's {@code -<part count>} ending.
 *
 * <p>The fresh ETag is the object's ETag everywhere S3 shows one (PutObject, CopyObject and CompleteMultipartUpload
 * answers, HeadObject, GetObject, ListObjectsV2), and conditions on it hold as S3's do: {@code If-Match} and
 * {@code x-amz-copy-source-if-match} (CopyObject, UploadPartCopy) with another ETag answer 412 PreconditionFailed. The
 * blob store underneath keeps its MD5 ETags; a condition that holds is passed down on that ETag, so the store still
 * refuses a read of an object replaced in between (two writes of identical bytes excepted: the store cannot tell them
 * apart).
 */
final class EncryptedBucketEtags extends ForwardingBlobStore {

    private final Set<String> encryptedBuckets = ConcurrentHashMap.newKeySet();
    /** bucket, key and the store's own ETag (unquoted) → the ETag S3 would show (unquoted). */
    private final Map<String, String> freshEtags = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    EncryptedBucketEtags(BlobStore delegate) {
        super(delegate);
    }

    void encrypt(String bucket) {
        encryptedBuckets.add(bucket);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        PutObjectResponse response = super.putBlob(request, input);
        String etag = written(request.bucket(), request.key(), response.eTag());
        return etag == null ? response : response.toBuilder().eTag(etag).build();
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        String ifMatch = storeEtagFor(request.sourceBucket(), request.sourceKey(), request.sourceVersionId(),
                request.copySourceIfMatch());
        CopyObjectResponse response = super.copyBlob(request.toBuilder().copySourceIfMatch(ifMatch).build());
        if (response.copyObjectResult() == null) {
            return response;
        }
        String etag = written(request.destinationBucket(), request.destinationKey(), response.copyObjectResult().eTag());
        return etag == null ? response : response.toBuilder()
                .copyObjectResult(response.copyObjectResult().toBuilder().eTag(etag).build()).build();
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        String etag = written(upload.containerName(), upload.blobName(), response.eTag());
        return etag == null ? response : response.toBuilder().eTag(etag).build();
    }

    @Override
    public UploadPartCopyResponse copyMultipartPart(MultipartUpload upload, UploadPartCopyRequest request) {
        String ifMatch = storeEtagFor(request.sourceBucket(), request.sourceKey(), request.sourceVersionId(),
                request.copySourceIfMatch());
        return super.copyMultipartPart(upload, request.toBuilder().copySourceIfMatch(ifMatch).build());
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        String ifMatch = storeEtagFor(request.bucket(), request.key(), request.versionId(), request.ifMatch());
        HeadObjectResponse response = super.blobMetadata(request.toBuilder().ifMatch(ifMatch).build());
        return response == null ? null : response.toBuilder()
                .eTag(shown(request.bucket(), request.key(), response.eTag())).build();
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        String ifMatch = storeEtagFor(request.bucket(), request.key(), request.versionId(), request.ifMatch());
        ResponseInputStream<GetObjectResponse> stream = super.getBlob(request.toBuilder().ifMatch(ifMatch).build());
        GetObjectResponse response = stream.response();
        return new ResponseInputStream<>(response.toBuilder()
                .eTag(shown(request.bucket(), request.key(), response.eTag())).build(), (InputStream) stream);
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        ListObjectsV2Response response = super.list(request);
        if (!encryptedBuckets.contains(request.bucket()) || !response.hasContents()) {
            return response;
        }
        return response.toBuilder().contents(response.contents().stream()
                .map(object -> object.toBuilder().eTag(shown(request.bucket(), object.key(), object.eTag())).build())
                .toList()).build();
    }

    /** Records a fresh ETag for what was just written to an encrypted bucket; null for other buckets. */
    private String written(String bucket, String key, String storeEtag) {
        if (storeEtag == null || !encryptedBuckets.contains(bucket)) {
            return null;
        }
        String bare = unquote(storeEtag);
        int dash = bare.lastIndexOf('-');
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String fresh = HexFormat.of().formatHex(bytes) + (dash > 0 ? bare.substring(dash) : "");
        freshEtags.put(id(bucket, key, bare), fresh);
        return storeEtag.startsWith("\"") ? "\"" + fresh + "\"" : fresh;
    }

    /** The ETag S3 shows for the store's ETag, in the same quoting. */
    private String shown(String bucket, String key, String storeEtag) {
        if (storeEtag == null) {
            return null;
        }
        String fresh = freshEtags.get(id(bucket, key, unquote(storeEtag)));
        if (fresh == null) {
            return storeEtag;
        }
        return storeEtag.startsWith("\"") ? "\"" + fresh + "\"" : fresh;
    }

    /**
     * The condition to pass to the store for a client's {@code If-Match} on the shown ETag: the store's ETag of the
     * current object when they agree, else 412 PreconditionFailed as S3 answers. A missing object is left to the
     * store (404).
     */
    private String storeEtagFor(String bucket, String key, String versionId, String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || "*".equals(ifMatch.trim())) {
            return ifMatch;
        }
        HeadObjectResponse current;
        try {
            current = super.blobMetadata(HeadObjectRequest.builder().bucket(bucket).key(key).versionId(versionId)
                    .build());
        } catch (S3Exception missing) {
            return ifMatch;
        }
        if (current == null || current.eTag() == null) {
            return ifMatch;
        }
        if (!unquote(ifMatch).equals(unquote(shown(bucket, key, current.eTag())))) {
            throw S3Exceptions.preconditionFailed(null);
        }
        return "\"" + unquote(current.eTag()) + "\"";
    }

    private static String id(String bucket, String key, String bareEtag) {
        return bucket + "\n" + key + "\n" + bareEtag;
    }

    private static String unquote(String etag) {
        String trimmed = etag.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
