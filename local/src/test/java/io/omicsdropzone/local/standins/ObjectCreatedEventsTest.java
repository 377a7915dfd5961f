package io.omicsdropzone.local.standins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omicsdropzone.local.standins.ObjectCreatedEvents.ObjectCreated;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 server reports every completed write as an {@code ObjectCreated:*} event of the type S3 would name
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html), and
 * nothing for a write it refused.
 */
class ObjectCreatedEventsTest {

    private static final String BUCKET = "dropzone-input";
    private static S3Server server;
    private static S3Client s3;
    private static final List<ObjectCreated> seen = new CopyOnWriteArrayList<>();
    private static final Consumer<ObjectCreated> LISTENER = seen::add;

    @BeforeAll
    static void start() {
        server = S3Server.start(StandIns.CREDENTIALS);
        s3 = server.newClient(StandIns.REGION);
        s3.createBucket(b -> b.bucket(BUCKET));
        server.writes().onObjectCreated(LISTENER);
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    @BeforeEach
    void forget() {
        seen.clear();
    }

    @Test
    void put_copy_and_multipart_each_report_one_event_with_etag_size_and_a_growing_sequencer() {
        String put = s3.putObject(b -> b.bucket(BUCKET).key("incoming/a.json"), RequestBody.fromString("[1]")).eTag();
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("incoming/a.json").destinationBucket(BUCKET)
                .destinationKey("incoming/b.json"));
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("incoming/c.json")).uploadId();
        String part = s3.uploadPart(b -> b.bucket(BUCKET).key("incoming/c.json").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("[2]")).eTag();
        String multipart = s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("incoming/c.json").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part).build()))).eTag();

        // On a loaded machine the SDK may retry a request whose answer was slow: the retried write is a second
        // write of the same bytes and rightly a second event; one event per distinct write is what is checked.
        List<ObjectCreated> writes = distinctWrites(seen);
        assertThat(writes).extracting(ObjectCreated::eventName).containsExactly("ObjectCreated:Put",
                "ObjectCreated:Copy", "ObjectCreated:CompleteMultipartUpload");
        assertThat(writes).extracting(ObjectCreated::key).containsExactly("incoming/a.json", "incoming/b.json",
                "incoming/c.json");
        assertThat(writes).extracting(ObjectCreated::size).containsExactly(3L, 3L, 3L);
        assertThat(unquoted(writes.get(0).eTag())).isEqualTo(unquoted(put));
        assertThat(unquoted(writes.get(2).eTag())).isEqualTo(unquoted(multipart)).endsWith("-1");
        assertThat(writes.get(0).sequencer()).isLessThan(writes.get(1).sequencer());
        assertThat(writes.get(1).sequencer()).isLessThan(writes.get(2).sequencer());
    }

    @Test
    void a_refused_write_reports_nothing() {
        s3.putObject(b -> b.bucket(BUCKET).key("incoming/once.json"), RequestBody.fromString("[1]"));
        seen.clear();

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("incoming/once.json").ifNoneMatch("*"),
                RequestBody.fromString("[2]"))).isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));
        assertThat(seen).isEmpty();
    }

    @Test
    void a_removed_listener_hears_nothing_more() {
        List<ObjectCreated> other = new CopyOnWriteArrayList<>();
        Consumer<ObjectCreated> listener = other::add;
        server.writes().onObjectCreated(listener);
        s3.putObject(b -> b.bucket(BUCKET).key("incoming/x.json"), RequestBody.fromString("[1]"));
        server.writes().remove(listener);
        s3.putObject(b -> b.bucket(BUCKET).key("incoming/y.json"), RequestBody.fromString("[1]"));

        assertThat(other).extracting(ObjectCreated::key).containsExactly("incoming/x.json");
        assertThat(seen).hasSize(2);
    }

    /** The events, with an immediately repeated identical write (same operation, key and ETag) counted once. */
    private static List<ObjectCreated> distinctWrites(List<ObjectCreated> events) {
        List<ObjectCreated> writes = new java.util.ArrayList<>();
        for (ObjectCreated event : events) {
            ObjectCreated last = writes.isEmpty() ? null : writes.get(writes.size() - 1);
            if (last == null || !(last.eventName().equals(event.eventName()) && last.key().equals(event.key())
                    && last.eTag().equals(event.eTag()))) {
                writes.add(event);
            }
        }
        return writes;
    }

    private static String unquoted(String eTag) {
        return eTag.replace("\"", "");
    }
}
