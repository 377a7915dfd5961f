package io.omicsdropzone.handler;

import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.event.S3Notification;
import io.omicsdropzone.event.S3NotificationRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps S3 event records to domain values.
 *
 * <p>Only {@code ObjectCreated:*} records name a new file. A bucket notification may also be configured (by hand, or
 * by another stack sharing the bucket) for ObjectRemoved, LifecycleExpiration, ObjectRestore, ObjectTagging and other
 * types, whose records carry no eTag; they are logged and skipped, never allowed to fail the other records of the same
 * event (see "Supported event types for SQS, SNS, and Lambda" and "Event message structure" in the Amazon S3 User
 * Guide: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 */
public final class S3Records {

    private static final Logger LOG = LoggerFactory.getLogger(S3Records.class);
    /** Record event names have no {@code s3:} prefix, e.g. {@code ObjectCreated:CompleteMultipartUpload}. */
    static final String OBJECT_CREATED = "ObjectCreated:";

    private S3Records() {
    }

    /**
     * The created objects of the event, in record order; none for S3's {@code s3:TestEvent}, which carries no
     * {@code Records}. Other records are logged (event name, bucket, key hash: keys may name patients) and left out.
     */
    public static List<DroppedObject> droppedObjects(S3Notification event) {
        if (event == null) {
            return List.of();
        }
        List<DroppedObject> objects = new ArrayList<>(event.records().size());
        for (S3NotificationRecord record : event.records()) {
            DroppedObject object = droppedObject(record);
            if (object != null) {
                objects.add(object);
            }
        }
        return List.copyOf(objects);
    }

    /** When S3 reported each created object (the record's {@code eventTime}), for the drop-to-submitted latency. */
    public static Map<DroppedObject, Instant> eventTimes(S3Notification event) {
        Map<DroppedObject, Instant> times = new HashMap<>();
        if (event != null) {
            for (S3NotificationRecord record : event.records()) {
                DroppedObject object = record.eventTime() == null ? null : droppedObjectQuietly(record);
                if (object != null) {
                    times.putIfAbsent(object, record.eventTime());
                }
            }
        }
        return times;
    }

    private static DroppedObject droppedObjectQuietly(S3NotificationRecord record) {
        boolean complete = record.eventName() != null && record.eventName().startsWith(OBJECT_CREATED)
                && record.bucket() != null && record.key() != null && record.eTag() != null;
        return complete ? droppedObject(record) : null;
    }

    /**
     * Keys arrive form-URL-encoded ({@code +} for space, {@code %XX} UTF-8 escapes); ETags unquoted. Null for a record
     * that does not announce a created object, or one that lacks what a drop needs.
     */
    static DroppedObject droppedObject(S3NotificationRecord record) {
        String eventName = record.eventName();
        String bucket = record.bucket();
        String key = record.urlDecodedKey();
        if (eventName == null || !eventName.startsWith(OBJECT_CREATED)) {
            LOG.info("skipped S3 record: eventName={} bucket={} keyHash={} (only ObjectCreated:* starts a drop)",
                    eventName, bucket, keyHash(bucket, key));
            return null;
        }
        if (bucket == null || key == null || record.eTag() == null) {
            LOG.warn("skipped S3 record: eventName={} bucket={} keyHash={} has no {}", eventName, bucket,
                    keyHash(bucket, key), bucket == null ? "bucket" : key == null ? "key" : "eTag");
            return null;
        }
        Long size = record.size();
        return new DroppedObject(bucket, key, record.eTag(), size == null ? -1 : size, record.versionId(),
                record.sequencer());
    }

    private static String keyHash(String bucket, String key) {
        return key == null ? null : new DroppedObject(bucket == null ? "" : bucket, key, "", -1, null, null).keyHash();
    }
}
