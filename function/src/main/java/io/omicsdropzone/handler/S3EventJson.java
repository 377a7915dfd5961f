package io.omicsdropzone.handler;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3BucketEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import io.omicsdropzone.json.JsonReader;

import java.util.List;
import java.util.Map;

/**
 * Reads an S3 event notification document (as S3 sends it to Lambda) into the {@code aws-lambda-java-events} type,
 * for the CLI's {@code handle} command. The Lambda runtime does this itself; here it is done without databind.
 */
public final class S3EventJson {

    private S3EventJson() {
    }

    public static S3Event parse(String json) {
        Map<String, Object> document = JsonReader.readObject(json);
        if (!(document.get("Records") instanceof List<?> records)) {
            return new S3Event(List.of()); // s3:TestEvent and other record-less notifications
        }
        return new S3Event(records.stream().map(S3EventJson::record).toList());
    }

    private static S3EventNotificationRecord record(Object value) {
        Map<String, Object> record = object(value, "Records[]");
        Map<String, Object> s3 = object(record.get("s3"), "s3");
        Map<String, Object> bucket = object(s3.get("bucket"), "s3.bucket");
        Map<String, Object> object = object(s3.get("object"), "s3.object");
        Long size = object.get("size") instanceof Number number ? number.longValue() : null;
        S3ObjectEntity entity = new S3ObjectEntity(text(object, "key"), size, text(object, "eTag"),
                text(object, "versionId"), text(object, "sequencer"));
        return new S3EventNotificationRecord(text(record, "awsRegion"), text(record, "eventName"),
                text(record, "eventSource"), text(record, "eventTime"), text(record, "eventVersion"), null, null,
                new S3Entity(text(s3, "configurationId"), new S3BucketEntity(text(bucket, "name"), null,
                        text(bucket, "arn")), entity, text(s3, "s3SchemaVersion")), null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String path) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("S3 event field " + path + " must be an object");
        }
        return (Map<String, Object>) value;
    }

    private static String text(Map<String, Object> object, String field) {
        Object value = object.get(field);
        return value == null ? null : value.toString();
    }
}
