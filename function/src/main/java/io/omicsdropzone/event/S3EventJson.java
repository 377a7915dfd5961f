package io.omicsdropzone.event;

import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.json.JsonWriter;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.omicsdropzone.json.JsonReader.text;

/**
 * Reads an S3 event notification document (as S3 sends it to Lambda) into an {@link S3Notification}, with jackson-core
 * streaming (no databind, no events library): the submit function's input and the CLI's {@code handle}. As the Lambda
 * runtime's own mapping did, a record without {@code s3}, {@code bucket} or {@code object} keeps those fields null
 * (S3Records then skips it); a field of the wrong JSON type is an error.
 */
public final class S3EventJson {

    private S3EventJson() {
    }

    public static S3Notification parse(String json) {
        Map<String, Object> document = JsonReader.readObject(json);
        if (!(document.get("Records") instanceof List<?> records)) {
            return new S3Notification(List.of()); // s3:TestEvent and other record-less notifications
        }
        return new S3Notification(records.stream().map(S3EventJson::record).toList());
    }

    private static S3NotificationRecord record(Object value) {
        Map<String, Object> record = object(value, "Records[]");
        Map<String, Object> s3 = optionalObject(record.get("s3"), "s3");
        Map<String, Object> bucket = optionalObject(s3.get("bucket"), "s3.bucket");
        Map<String, Object> object = optionalObject(s3.get("object"), "s3.object");
        Long size = object.get("size") instanceof Number number ? number.longValue() : null;
        String eventTime = text(record, "eventTime");
        return new S3NotificationRecord(text(record, "eventSource"), text(record, "eventName"),
                eventTime == null ? null : OffsetDateTime.parse(eventTime).toInstant(), text(bucket, "name"),
                text(object, "key"), size, text(object, "eTag"), text(object, "versionId"), text(object, "sequencer"));
    }

    /**
     * The notification S3 sends for a new object, for one object: key form-URL-encoded (space as {@code +}, '/'
     * kept), ETag unquoted. The reconciler resumes a stuck drop by sending this to the submit function, which then
     * takes exactly the path a real delivery takes.
     */
    public static String objectCreated(DroppedObject dropped, Instant eventTime, String eventName) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", URLEncoder.encode(dropped.key(), StandardCharsets.UTF_8).replace("%2F", "/"));
        if (dropped.size() >= 0) {
            object.put("size", dropped.size());
        }
        object.put("eTag", dropped.etag());
        if (dropped.versionId() != null) {
            object.put("versionId", dropped.versionId());
        }
        if (dropped.sequencer() != null) {
            object.put("sequencer", dropped.sequencer());
        }
        Map<String, Object> bucket = new LinkedHashMap<>();
        bucket.put("name", dropped.bucket());
        bucket.put("arn", "arn:aws:s3:::" + dropped.bucket());
        Map<String, Object> s3 = new LinkedHashMap<>();
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "omics-dropzone");
        s3.put("bucket", bucket);
        s3.put("object", object);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("eventTime", eventTime.toString());
        record.put("eventName", eventName);
        record.put("s3", s3);
        return JsonWriter.write(Map.of("Records", List.of(record)));
    }

    private static Map<String, Object> optionalObject(Object value, String path) {
        return value == null ? Map.of() : object(value, path);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String path) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("S3 event field " + path + " must be an object");
        }
        return (Map<String, Object>) value;
    }
}
