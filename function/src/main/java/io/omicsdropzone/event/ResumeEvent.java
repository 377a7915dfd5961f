package io.omicsdropzone.event;

import io.omicsdropzone.json.JsonWriter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reconciler's "resume drop REQUEST_ID" payload for the submit function. It is shaped as an S3 notification with
 * one record, so the submit function reads it with the same parser ({@link S3EventJson}): {@code eventSource}
 * {@value #EVENT_SOURCE} and {@code eventName} {@value #EVENT_NAME}, which S3 never sends (its names are
 * {@code ObjectCreated:*}, {@code ObjectRemoved:*}...: "Supported event types",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html), and
 * the requestId as the record's object key. The submit handler's {@code S3Records} skips such a record as not
 * ObjectCreated.
 */
public final class ResumeEvent {

    public static final String EVENT_SOURCE = "omics-dropzone";
    public static final String EVENT_NAME = "omics-dropzone:ResumeDrop";

    private ResumeEvent() {
    }

    /** The payload resuming {@code requestId} (a drop of {@code bucket}). */
    public static String of(String requestId, String bucket, Instant eventTime) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", requestId);
        Map<String, Object> bucketJson = new LinkedHashMap<>();
        bucketJson.put("name", bucket);
        bucketJson.put("arn", "arn:aws:s3:::" + bucket);
        Map<String, Object> s3 = new LinkedHashMap<>();
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "omics-dropzone-resume");
        s3.put("bucket", bucketJson);
        s3.put("object", object);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventVersion", "2.1");
        record.put("eventSource", EVENT_SOURCE);
        record.put("eventTime", eventTime.toString());
        record.put("eventName", EVENT_NAME);
        record.put("s3", s3);
        return JsonWriter.write(Map.of("Records", List.of(record)));
    }

    /** The requestIds the event asks to resume, in record order; none for an S3 notification. */
    public static List<String> requestIds(S3Notification event) {
        List<String> ids = new ArrayList<>();
        if (event == null) {
            return ids;
        }
        for (S3NotificationRecord record : event.records()) {
            if (EVENT_SOURCE.equals(record.eventSource()) && EVENT_NAME.equals(record.eventName())
                    && record.key() != null) {
                ids.add(record.key());
            }
        }
        return ids;
    }
}
