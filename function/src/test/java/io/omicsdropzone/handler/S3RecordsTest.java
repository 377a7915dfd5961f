package io.omicsdropzone.handler;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3BucketEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import io.omicsdropzone.domain.DroppedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class S3RecordsTest {

    @ParameterizedTest
    @Events(folder = "events/s3", type = S3Event.class)
    void every_sample_event_maps_to_one_dropped_object_per_object_created_record(S3Event event) {
        List<DroppedObject> objects = S3Records.droppedObjects(event);

        long created = event.getRecords() == null ? 0 : event.getRecords().stream()
                .filter(record -> record.getEventName().startsWith("ObjectCreated:")).count();
        assertThat(objects).hasSize((int) created);
        assertThat(objects).allSatisfy(object -> {
            assertThat(object.bucket()).isEqualTo("dropzone-input-123456789012");
            assertThat(object.etag()).doesNotContain("\"").isNotBlank();
            assertThat(object.size()).isPositive();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3-put.json", "s3-put-encoded-key.json", "s3-two-records.json",
            "s3-multipart-upload.json", "s3-not-json.json", "s3-test-event.json", "s3-object-removed.json",
            "s3-mixed-records.json"})
    void the_cli_parser_reads_events_exactly_as_the_lambda_library_does(String file) throws IOException {
        S3Event byLambdaLibrary = EventLoader.loadS3Event("events/s3/" + file);
        String json = new String(getClass().getClassLoader().getResourceAsStream("events/s3/" + file).readAllBytes(),
                StandardCharsets.UTF_8);

        S3Event byCli = S3EventJson.parse(json);

        assertThat(S3Records.droppedObjects(byCli)).isEqualTo(S3Records.droppedObjects(byLambdaLibrary));
    }

    @Test
    void keys_are_url_decoded_as_s3_encodes_them() {
        S3Event event = EventLoader.loadS3Event("events/s3/s3-put-encoded-key.json");

        DroppedObject object = S3Records.droppedObjects(event).get(0);

        assertThat(object.key()).isEqualTo("incoming/Batch 2026-11 (plate 7) + échantillons.json");
        assertThat(object.s3Uri()).isEqualTo("s3://dropzone-input-123456789012/incoming/Batch 2026-11 (plate 7) + échantillons.json");
    }

    @Test
    void version_size_and_sequencer_are_kept() {
        DroppedObject object = S3Records.droppedObjects(EventLoader.loadS3Event("events/s3/s3-put.json")).get(0);

        assertThat(object.versionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY");
        assertThat(object.size()).isEqualTo(1530);
        assertThat(object.sequencer()).isEqualTo("0062E7A9B5A2F3C4D1");
    }

    @Test
    void the_test_event_s3_sends_on_configuration_has_no_records() {
        assertThat(S3Records.droppedObjects(EventLoader.loadS3Event("events/s3/s3-test-event.json"))).isEmpty();
    }

    @Test
    void a_removal_event_yields_no_drop_and_does_not_throw() {
        assertThat(S3Records.droppedObjects(EventLoader.loadS3Event("events/s3/s3-object-removed.json"))).isEmpty();
    }

    @Test
    void records_other_than_object_created_are_skipped_without_failing_their_neighbours() {
        S3Event event = EventLoader.loadS3Event("events/s3/s3-mixed-records.json");
        assertThat(event.getRecords()).extracting(S3EventNotificationRecord::getEventName).containsExactly(
                "ObjectRemoved:Delete", "ObjectCreated:Put", "LifecycleExpiration:Delete", "ObjectTagging:Put");

        List<DroppedObject> objects = S3Records.droppedObjects(event);

        // ObjectTagging:Put carries an eTag, yet it is no new content: it must not start a drop either.
        assertThat(objects).singleElement().satisfies(object -> {
            assertThat(object.key()).isEqualTo("incoming/valid-3-runs.json");
            assertThat(object.etag()).isEqualTo("9b2cf535f27731c974343645a3985328");
        });
    }

    @Test
    void an_object_created_record_without_an_etag_is_skipped_and_the_others_are_kept() {
        S3EventNotificationRecord good = EventLoader.loadS3Event("events/s3/s3-put.json").getRecords().get(0);
        S3EventNotificationRecord broken = new S3EventNotificationRecord("us-east-1", "ObjectCreated:Copy", "aws:s3",
                null, "2.1", null, null, new S3Entity("cfg", new S3BucketEntity("dropzone-input-123456789012", null,
                "arn:aws:s3:::dropzone-input-123456789012"), new S3ObjectEntity("incoming/no-etag.json", 10L, null,
                null, null), "1.0"), null);

        List<DroppedObject> objects = S3Records.droppedObjects(new S3Event(List.of(broken, good, broken)));

        assertThat(objects).extracting(DroppedObject::key).containsExactly("incoming/valid-3-runs.json");
    }

    @Test
    void a_record_without_an_event_name_is_not_taken_for_a_creation() {
        S3EventNotificationRecord put = EventLoader.loadS3Event("events/s3/s3-put.json").getRecords().get(0);
        S3EventNotificationRecord nameless = new S3EventNotificationRecord(put.getAwsRegion(), null,
                put.getEventSource(), null, put.getEventVersion(), null, null, put.getS3(), null);

        assertThat(S3Records.droppedObjects(new S3Event(List.of(nameless)))).isEmpty();
        assertThat(S3Records.droppedObjects(new S3Event(List.of(put)))).hasSize(1);
    }

    @Test
    void event_times_are_kept_per_created_object_for_the_latency_metric() {
        S3Event event = EventLoader.loadS3Event("events/s3/s3-mixed-records.json");
        S3EventNotificationRecord created = event.getRecords().get(1);
        S3EventNotificationRecord bare = new S3EventNotificationRecord("us-east-1", "ObjectCreated:Put", "aws:s3",
                "2026-12-01T10:00:00.000Z", "2.1", null, null, null, null);

        Map<DroppedObject, Instant> times = S3Records.eventTimes(new S3Event(List.of(
                event.getRecords().get(0), created, event.getRecords().get(2), event.getRecords().get(3), bare)));

        assertThat(times).containsOnlyKeys(S3Records.droppedObjects(event));
        assertThat(times.values()).containsExactly(Instant.parse("2026-11-23T07:30:12.345Z"));
        assertThat(S3Records.eventTimes(EventLoader.loadS3Event("events/s3/s3-test-event.json"))).isEmpty();
    }
}
