package io.omicsdropzone.handler;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import io.omicsdropzone.domain.DroppedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class S3RecordsTest {

    @ParameterizedTest
    @Events(folder = "events/s3", type = S3Event.class)
    void every_sample_event_maps_to_one_dropped_object_per_record(S3Event event) {
        List<DroppedObject> objects = S3Records.droppedObjects(event);

        int records = event.getRecords() == null ? 0 : event.getRecords().size();
        assertThat(objects).hasSize(records);
        assertThat(objects).allSatisfy(object -> {
            assertThat(object.bucket()).isEqualTo("dropzone-input-123456789012");
            assertThat(object.etag()).doesNotContain("\"").isNotBlank();
            assertThat(object.size()).isPositive();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3-put.json", "s3-put-encoded-key.json", "s3-two-records.json",
            "s3-multipart-upload.json", "s3-not-json.json", "s3-test-event.json"})
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
}
