package io.omicsdropzone.local.standins;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 server on 127.0.0.1: s3proxy 4.1 over its in-memory {@link TransientNio2BlobStore}. It checks AWS
 * signatures (V4, and V2 for old clients) against the given credentials, returns S3-style ETags (the quoted MD5 of the
 * content, {@code "...-N"} after a multipart upload) and honours conditional requests. Buckets start empty; create
 * them with {@code CreateBucket}. Clients must use path-style addressing ({@code forcePathStyle(true)}).
 */
public final class S3Server implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final S3Proxy proxy;
    private final TransientNio2BlobStore blobStore;
    private final EncryptedBucketEtags etags;
    private final AwsCredentials credentials;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once by {@link #start}: every completed write, for S3 event notifications. */
    private ObjectCreatedEvents writes;

    private S3Server(S3Proxy proxy, TransientNio2BlobStore blobStore, EncryptedBucketEtags etags,
                     AwsCredentials credentials) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.etags = etags;
        this.credentials = credentials;
        this.port = proxy.getPort();
    }

    public static S3Server start(AwsCredentials credentials) {
        QuietLogs.apply();
        TransientNio2BlobStore blobStore = new TransientNio2BlobStore();
        EncryptedBucketEtags etags = new EncryptedBucketEtags(blobStore);
        // Outermost, so an event carries the ETag the client was answered (an encrypted bucket's fresh one).
        ObjectCreatedEvents writes = new ObjectCreatedEvents(etags);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(writes)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKeyId(), credentials.secretAccessKey())
                .metricsEnabled(false)
                // S3 takes x-amz-tagging (PutObject, CreateMultipartUpload) and x-amz-tagging-directive (CopyObject,
                // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html), and x-amz-security-token from
                // callers with temporary credentials (every Lambda role; here each role's clients, for the call ledger:
                // https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonRequestHeaders.html). s3proxy answers 501
                // to headers it does not implement unless told to ignore them; the signature still covers them. The
                // in-memory store keeps no tags: the S3 fault front tracks them (FaultFront#denyTagCopy).
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!"STARTED".equals(proxy.getState())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("s3proxy did not reach STARTED within " + START_TIMEOUT + ": " + proxy.getState());
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(proxy);
            throw new IllegalStateException("interrupted while starting s3proxy", e);
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("s3proxy did not start", e);
        }
        S3Server server = new S3Server(proxy, blobStore, etags, credentials);
        server.writes = writes;
        return server;
    }

    /** Every write this server completes from now on (PutObject, CopyObject, CompleteMultipartUpload), by any client. */
    public ObjectCreatedEvents writes() {
        return writes;
    }

    /**
     * Makes {@code bucket} behave as an SSE-KMS bucket does for ETags: every later write (PutObject, CopyObject,
     * CompleteMultipartUpload) gets a fresh ETag that is not the MD5 of the data, so the same bytes written twice have
     * two ETags (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html, ETag). See
     * {@link EncryptedBucketEtags}.
     */
    public S3Server encryptBucket(String bucket) {
        etags.encrypt(bucket);
        return this;
    }

    /**
     * Puts small objects straight into the blob store (no HTTP), for benchmarks that need hundreds of thousands of
     * existing keys; the bucket must exist.
     */
    public void seed(String bucket, Iterable<String> keys) {
        byte[] content = "input".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (String key : keys) {
            blobStore.putBlob(software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket(bucket).key(key)
                    .contentLength((long) content.length).build(), new java.io.ByteArrayInputStream(content));
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A new path-style client for this server, signed with the server's credentials; the caller closes it. */
    public S3Client newClient(String region) {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException("s3proxy did not stop cleanly", e);
            } finally {
                blobStore.close();
            }
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // it never started; nothing to release
        }
    }
}
