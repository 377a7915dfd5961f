package io.omicsdropzone.event;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record of an S3 event notification ("Event message structure", Amazon S3 User Guide:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html). Any field may be null:
 * the handler's {@code S3Records} decides what a drop needs.
 *
 * @param key the object key as S3 sends it, form-URL-encoded; {@link #urlDecodedKey()} is the key itself
 */
public record S3NotificationRecord(String eventSource, String eventName, Instant eventTime, String bucket, String key,
                                   Long size, String eTag, String versionId, String sequencer) {

    /** {@code +} is a space and {@code %XX} a UTF-8 byte, as S3 encodes keys in notifications. */
    public String urlDecodedKey() {
        return key == null ? null : URLDecoder.decode(key, StandardCharsets.UTF_8);
    }
}
