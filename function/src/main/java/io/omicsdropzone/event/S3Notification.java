package io.omicsdropzone.event;

import java.util.List;

/**
 * An S3 event notification as the submit function receives it (or the reconciler's {@link ResumeEvent}): its records,
 * each with only the fields a drop reads. Read by {@link S3EventJson} from the raw event, so the handler needs neither
 * the events library nor the joda-time it parses {@code eventTime} with.
 *
 * @param records in the order S3 sent them; empty for {@code s3:TestEvent}, which has no {@code Records}
 */
public record S3Notification(List<S3NotificationRecord> records) {

    public S3Notification {
        records = List.copyOf(records);
    }
}
