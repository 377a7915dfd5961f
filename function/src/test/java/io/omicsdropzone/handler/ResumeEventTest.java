package io.omicsdropzone.handler;

import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.event.ResumeEvent;
import io.omicsdropzone.event.S3EventJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciler's resume payload: read back as one requestId, and never mistaken for a dropped object. */
class ResumeEventTest {

    @Test
    void a_resume_payload_names_its_request_id_and_no_dropped_object() {
        String requestId = "ab".repeat(32);

        var event = S3EventJson.parse(ResumeEvent.of(requestId, "dropzone-input", Instant.parse("2026-12-06T10:00:00Z")));

        assertThat(ResumeEvent.requestIds(event)).containsExactly(requestId);
        assertThat(S3Records.droppedObjects(event)).isEmpty();
    }

    @Test
    void an_s3_notification_asks_for_no_resume() {
        DroppedObject object = new DroppedObject("dropzone-input", "incoming/a.json", "etag", 10, null, null);

        var event = S3EventJson.parse(S3EventJson.objectCreated(object, Instant.now(), "ObjectCreated:Put"));

        assertThat(ResumeEvent.requestIds(event)).isEmpty();
        assertThat(S3Records.droppedObjects(event)).hasSize(1);
    }
}
