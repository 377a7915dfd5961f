package io.omicsdropzone.handler;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import io.omicsdropzone.domain.DroppedObject;

import java.util.List;

/** Maps S3 event records to domain values. */
public final class S3Records {

    private S3Records() {
    }

    /** Every record of the event; none for S3's {@code s3:TestEvent}, which carries no {@code Records}. */
    public static List<DroppedObject> droppedObjects(S3Event event) {
        List<S3EventNotificationRecord> records = event == null ? null : event.getRecords();
        return records == null ? List.of() : records.stream().map(S3Records::droppedObject).toList();
    }

    /** Keys arrive form-URL-encoded ({@code +} for space, {@code %XX} UTF-8 escapes); ETags unquoted. */
    static DroppedObject droppedObject(S3EventNotificationRecord record) {
        S3ObjectEntity object = record.getS3().getObject();
        if (object.geteTag() == null) {
            throw new IllegalArgumentException("S3 record for bucket " + record.getS3().getBucket().getName()
                    + " has no eTag; only ObjectCreated events are supported");
        }
        Long size = object.getSizeAsLong();
        return new DroppedObject(record.getS3().getBucket().getName(), object.getUrlDecodedKey(), object.geteTag(),
                size == null ? -1 : size, object.getVersionId(), object.getSequencer());
    }
}
