package io.omicsdropzone.handler;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.event.S3EventJson;
import io.omicsdropzone.event.S3Notification;
import io.omicsdropzone.event.S3NotificationRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3RecordsTest {

    static final List<String> SAMPLES = List.of("s3-put.json", "s3-put-encoded-key.json", "s3-two-records.json",
            "s3-multipart-upload.json", "s3-not-json.json", "s3-test-event.json", "s3-object-removed.json",
            "s3-mixed-records.json");

    static S3Notification sample(String file) {
        try (InputStream in = S3RecordsTest.class.getClassLoader().getResourceAsStream("events/s3/" + file)) {
            return S3EventJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @Events(folder = "events/s3", type = S3Event.class)
    void every_sample_event_maps_to_one_dropped_object_per_object_created_record(S3Event event) {
        List<DroppedObject> objects = S3Records.droppedObjects(S3EventJson.parse(asJson(event)));

        long created = event.getRecords() == null ? 0 : event.getRecords().stream()
                .filter(record -> record.getEventName().startsWith("ObjectCreated:")).count();
        assertThat(objects).hasSize((int) created);
        assertThat(objects).allSatisfy(object -> {
            assertThat(object.bucket()).isEqualTo("dropzone-input-123456789012");
            assertThat(object.etag()).doesNotContain("\"").isNotBlank();
            assertThat(object.size()).isPositive();
        });
    }

    /**
     * The handler reads the raw event itself; what it reads must be what the events library (the type the Lambda
     * runtime used to map the event to) reads: every field a drop uses, the key URL-decoded, the event time.
     */
    @ParameterizedTest
    @MethodSource("samples")
    void the_raw_event_reader_reads_events_exactly_as_the_lambda_library_does(String file) {
        S3Event byLambdaLibrary = EventLoader.loadS3Event("events/s3/" + file);

        S3Notification byHandler = sample(file);

        List<S3EventNotificationRecord> expected = byLambdaLibrary.getRecords() == null ? List.of()
                : byLambdaLibrary.getRecords();
        assertThat(byHandler.records()).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            S3EventNotificationRecord library = expected.get(i);
            S3NotificationRecord ours = byHandler.records().get(i);
            assertThat(ours.eventName()).isEqualTo(library.getEventName());
            assertThat(ours.eventSource()).isEqualTo(library.getEventSource());
            assertThat(ours.eventTime()).isEqualTo(library.getEventTime() == null ? null
                    : Instant.ofEpochMilli(library.getEventTime().getMillis()));
            assertThat(ours.bucket()).isEqualTo(library.getS3().getBucket().getName());
            assertThat(ours.key()).isEqualTo(library.getS3().getObject().getKey());
            assertThat(ours.urlDecodedKey()).isEqualTo(library.getS3().getObject().getUrlDecodedKey());
            // The library reports an absent eTag or versionId as "" (DroppedObject reads "" as none), an absent size
            // as 0; S3 sends all three with every ObjectCreated record.
            String eTag = library.getS3().getObject().geteTag();
            assertThat(ours.eTag()).isEqualTo(eTag == null || eTag.isEmpty() ? null : eTag);
        }
        List<DroppedObject> createdByLibrary = expected.stream()
                .filter(record -> record.getEventName().startsWith("ObjectCreated:"))
                .map(record -> new DroppedObject(record.getS3().getBucket().getName(),
                        record.getS3().getObject().getUrlDecodedKey(), record.getS3().getObject().geteTag(),
                        record.getS3().getObject().getSizeAsLong(), record.getS3().getObject().getVersionId(),
                        record.getS3().getObject().getSequencer()))
                .toList();
        assertThat(S3Records.droppedObjects(byHandler)).isEqualTo(createdByLibrary);
    }

    static List<String> samples() {
        return SAMPLES;
    }

    @Test
    void keys_are_url_decoded_as_s3_encodes_them() {
        DroppedObject object = S3Records.droppedObjects(sample("s3-put-encoded-key.json")).get(0);

        assertThat(object.key()).isEqualTo("incoming/Batch 2026-11 (plate 7) + échantillons.json");
        assertThat(object.s3Uri()).isEqualTo("s3://dropzone-input-123456789012/incoming/Batch 2026-11 (plate 7) + échantillons.json");
    }

    @Test
    void version_size_and_sequencer_are_kept() {
        DroppedObject object = S3Records.droppedObjects(sample("s3-put.json")).get(0);

        assertThat(object.versionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY");
        assertThat(object.size()).isEqualTo(1530);
        assertThat(object.sequencer()).isEqualTo("0062E7A9B5A2F3C4D1");
    }

    @Test
    void the_test_event_s3_sends_on_configuration_has_no_records() {
        assertThat(S3Records.droppedObjects(sample("s3-test-event.json"))).isEmpty();
    }

    @Test
    void a_removal_event_yields_no_drop_and_does_not_throw() {
        assertThat(S3Records.droppedObjects(sample("s3-object-removed.json"))).isEmpty();
    }

    @Test
    void records_other_than_object_created_are_skipped_without_failing_their_neighbours() {
        S3Notification event = sample("s3-mixed-records.json");
        assertThat(event.records()).extracting(S3NotificationRecord::eventName).containsExactly(
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
        S3NotificationRecord good = sample("s3-put.json").records().get(0);
        S3NotificationRecord broken = new S3NotificationRecord("aws:s3", "ObjectCreated:Copy", null,
                "dropzone-input-123456789012", "incoming/no-etag.json", 10L, null, null, null);

        List<DroppedObject> objects = S3Records.droppedObjects(new S3Notification(List.of(broken, good, broken)));

        assertThat(objects).extracting(DroppedObject::key).containsExactly("incoming/valid-3-runs.json");
    }

    @Test
    void a_record_without_an_event_name_is_not_taken_for_a_creation() {
        S3NotificationRecord put = sample("s3-put.json").records().get(0);
        S3NotificationRecord nameless = new S3NotificationRecord(put.eventSource(), null, null, put.bucket(), put.key(),
                put.size(), put.eTag(), put.versionId(), put.sequencer());

        assertThat(S3Records.droppedObjects(new S3Notification(List.of(nameless)))).isEmpty();
        assertThat(S3Records.droppedObjects(new S3Notification(List.of(put)))).hasSize(1);
    }

    @Test
    void a_record_without_its_s3_part_is_skipped_as_the_runtime_mapping_left_it_empty() {
        S3Notification event = S3EventJson.parse("""
                {"Records":[{"eventName":"ObjectCreated:Put","eventSource":"aws:s3"}]}""");

        assertThat(event.records()).singleElement().satisfies(record -> {
            assertThat(record.bucket()).isNull();
            assertThat(record.key()).isNull();
        });
        assertThat(S3Records.droppedObjects(event)).isEmpty();
    }

    @Test
    void a_field_of_the_wrong_json_type_is_an_error() {
        assertThatThrownBy(() -> S3EventJson.parse("{\"Records\":[{\"s3\":\"not an object\"}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3");
    }

    @Test
    void event_times_are_kept_per_created_object_for_the_latency_metric() {
        S3Notification event = sample("s3-mixed-records.json");
        S3NotificationRecord bare = new S3NotificationRecord("aws:s3", "ObjectCreated:Put",
                Instant.parse("2026-12-01T10:00:00.000Z"), null, null, null, null, null, null);
        List<S3NotificationRecord> records = new java.util.ArrayList<>(event.records());
        records.add(bare);

        Map<DroppedObject, Instant> times = S3Records.eventTimes(new S3Notification(records));

        assertThat(times).containsOnlyKeys(S3Records.droppedObjects(event));
        assertThat(times.values()).containsExactly(Instant.parse("2026-11-23T07:30:12.345Z"));
        assertThat(S3Records.eventTimes(sample("s3-test-event.json"))).isEmpty();
    }

    /** The library's event back as the JSON S3 sends (the handler's input), through the CLI's writer. */
    private static String asJson(S3Event event) {
        if (event.getRecords() == null) {
            return "{}";
        }
        List<Map<String, Object>> records = event.getRecords().stream().map(record -> {
            Map<String, Object> object = new java.util.LinkedHashMap<>();
            object.put("key", record.getS3().getObject().getKey());
            object.put("size", record.getS3().getObject().getSizeAsLong());
            object.put("eTag", record.getS3().getObject().geteTag());
            Map<String, Object> s3 = Map.of("bucket", Map.of("name", record.getS3().getBucket().getName()),
                    "object", object);
            return Map.<String, Object>of("eventName", record.getEventName(), "s3", s3);
        }).toList();
        return io.omicsdropzone.json.JsonWriter.write(Map.of("Records", records));
    }
}
