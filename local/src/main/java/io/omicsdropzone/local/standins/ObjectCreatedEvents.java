package io.omicsdropzone.local.standins;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Sees every write the S3 server completes, whichever client made it (the SDK, the AWS CLI, a browser form): it sits
 * between s3proxy and its blob store, so a write is reported only once the store has it, never for a request that
 * failed (a bad signature, a checksum mismatch, a 412 on a condition). Each completed write is one
 * {@link ObjectCreated}, named as S3 names its {@code s3:ObjectCreated:*} event types: {@code Put},
 * {@code Copy} and {@code CompleteMultipartUpload} (Amazon S3 User Guide, "Event notification types and
 * destinations", https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html).
 *
 * <p>Listeners run on the writing request's thread, after the write and before its answer: they must be quick
 * (hand the event to a queue). A failing listener is logged and does not fail the write.
 */
public final class ObjectCreatedEvents extends ForwardingBlobStore {

    /**
     * One completed write. {@code sequencer} grows with every write (hex, fixed width), as S3's does for the writes
     * of one key ("The sequencer key provides a way to determine the sequence of events",
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
     *
     * @param eTag the ETag as the store answered it (quoted or not)
     * @param size bytes, or -1 when the store no longer has the object
     */
    public record ObjectCreated(String bucket, String key, String eTag, long size, String versionId,
                                String sequencer, String eventName, Instant eventTime) {
    }

    private static final System.Logger LOG = System.getLogger(ObjectCreatedEvents.class.getName());
    /** s3proxy's own bookkeeping object for an open multipart upload ({@code .s3proxy-mpu-stub-UPLOADID}), not a
     *  client's write. */
    private static final String MULTIPART_STUB = ".s3proxy-mpu-stub-";

    private final List<Consumer<ObjectCreated>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock = Clock.systemUTC();

    public ObjectCreatedEvents(BlobStore delegate) {
        super(delegate);
    }

    /** Adds a listener for every write completed from now on. */
    public void onObjectCreated(Consumer<ObjectCreated> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops telling {@code listener}. */
    public void remove(Consumer<ObjectCreated> listener) {
        listeners.remove(listener);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        if (request.key().startsWith(MULTIPART_STUB)) {
            return response;
        }
        created(request.bucket(), request.key(), response.eTag(), response.versionId(), "ObjectCreated:Put");
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        String eTag = response.copyObjectResult() == null ? null : response.copyObjectResult().eTag();
        created(request.destinationBucket(), request.destinationKey(), eTag, response.versionId(),
                "ObjectCreated:Copy");
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created(upload.containerName(), upload.blobName(), response.eTag(), response.versionId(),
                "ObjectCreated:CompleteMultipartUpload");
        return response;
    }

    private void created(String bucket, String key, String eTag, String versionId, String eventName) {
        if (listeners.isEmpty()) {
            return;
        }
        // Size (and the ETag when the answer lacks it) from the stored object, as the event reports them.
        long size = -1;
        try {
            HeadObjectResponse head = delegate().blobMetadataIfPresent(bucket, key);
            if (head != null) {
                size = head.contentLength() == null ? -1 : head.contentLength();
                eTag = eTag != null ? eTag : head.eTag();
            }
        } catch (RuntimeException gone) {
            // deleted again before the event was built: report it without a size
        }
        ObjectCreated event = new ObjectCreated(bucket, key, eTag == null ? "" : eTag, size, versionId,
                String.format("%016X", sequence.incrementAndGet()), eventName, clock.instant());
        for (Consumer<ObjectCreated> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "object-created listener failed for " + bucket + "/" + key, e);
            }
        }
    }
}
