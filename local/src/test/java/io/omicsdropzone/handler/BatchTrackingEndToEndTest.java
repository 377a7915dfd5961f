package io.omicsdropzone.handler;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.tracking.ReconcileBatches;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.SnsEndpoint.PublishedMessage;
import io.omicsdropzone.local.standins.iam.LedgerRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A drop followed to the end of its batch on the stand-ins: the emulator's status change events are delivered to
 * the BatchStatusHandler (in order, reversed, duplicated, or not at all), and the reconciler heals what was missed.
 */
class BatchTrackingEndToEndTest extends StandInsTestBase {

    static final String RUNS = """
            [{"runSettingId": "sample-001", "parameters": {"sample_id": "NA12878"}},
             {"runSettingId": "sample-002", "parameters": {"sample_id": "NA12891"}},
             {"runSettingId": "sample-003", "parameters": {"sample_id": "NA12892"}}]""";

    BatchStatusHandler statusHandler;

    @BeforeEach
    void fresh() {
        omics.reset();
        sns.clear();
        statusHandler = new BatchStatusHandler(env.dropzone(LocalEnvironment.BATCH_STATUS_FUNCTION_NAME).trackBatch());
    }

    /** Drops a file through the S3 handler and returns the submitted drop. */
    private static Drop submitted(String key) {
        PutObjectResponse put = env.upload(key, RUNS);
        String event = LocalEnvironment.objectCreatedEvent(LocalEnvironment.BUCKET, key, put.eTag(), RUNS.length());
        LambdaStreams.deliver(new S3DropHandler(env.dropzone(LocalEnvironment.SUBMIT_FUNCTION_NAME).submitDrop()), event,
                new TestContext(60_000));
        String requestId = new DroppedObject(LocalEnvironment.BUCKET, key, put.eTag(), 0, null, null).requestId();
        Drop drop = env.dropzone().drops().find(requestId).orElseThrow();
        assertThat(drop.status()).isEqualTo(DropStatus.SUBMITTED);
        return drop;
    }

    private static Drop reload(Drop drop) {
        return env.dropzone().drops().find(drop.requestId()).orElseThrow();
    }

    private void deliver(List<String> events) throws IOException {
        for (String event : events) {
            statusHandler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), new TestContext(60_000));
        }
    }

    private static List<String> eventsOf(String batchId) {
        return omics.events().stream()
                .filter(event -> batchId.equals(((Map<?, ?>) JsonReader.readObject(event).get("detail")).get("batchId")))
                .toList();
    }

    private static List<PublishedMessage> completions() {
        return sns.published().stream().filter(m -> m.attributes().get("type").startsWith("Batch")
                && !m.attributes().get("type").equals("BatchSubmitted")).toList();
    }

    private static Map<String, Object> body(PublishedMessage message) {
        return JsonReader.readObject(message.message());
    }

    @Test
    void a_batch_followed_to_processed_records_counters_and_announces_completion_once() throws IOException {
        Drop drop = submitted("incoming/lifecycle.json");

        assertThat(omics.settle(drop.batchId())).isEqualTo("PROCESSED");
        List<String> events = eventsOf(drop.batchId());
        assertThat(events).hasSizeGreaterThanOrEqualTo(4);
        deliver(events);

        Drop done = reload(drop);
        assertThat(done.batchStatus()).isEqualTo("PROCESSED");
        assertThat(done.progress().counts()).containsEntry("totalRuns", 3L).containsEntry("completedRunCount", 3L)
                .containsEntry("successfulStartSubmissionCount", 3L);
        assertThat(done.progress().completionNotifiedAt()).isNotNull();
        assertThat(completions()).singleElement().satisfies(message -> {
            assertThat(message.attributes()).containsEntry("type", "BatchCompleted");
            assertThat(body(message)).containsEntry("batchId", drop.batchId()).containsEntry("batchStatus", "PROCESSED")
                    .containsEntry("requestId", drop.requestId())
                    .containsEntry("counts", Map.of("totalRuns", 3L, "successfulStartSubmissionCount", 3L,
                            "failedStartSubmissionCount", 0L, "completedRunCount", 3L, "failedRunCount", 0L,
                            "cancelledRunCount", 0L));
        });
        assertThat(env.dropzone().drops().openBatches(java.time.Instant.now(), 100))
                .noneMatch(open -> open.requestId().equals(drop.requestId()));
    }

    @Test
    void a_failed_batch_is_announced_with_its_reason() throws IOException {
        Drop drop = submitted("incoming/doomed.json");
        omics.advance(drop.batchId());
        omics.failBatch(drop.batchId(), "VALIDATION_EXCEPTION", "Workflow parameter 'reads' is required");

        deliver(eventsOf(drop.batchId()));

        assertThat(reload(drop).batchStatus()).isEqualTo("FAILED");
        assertThat(reload(drop).progress().failureReason()).isEqualTo("VALIDATION_EXCEPTION");
        assertThat(completions()).singleElement().satisfies(message -> {
            assertThat(message.attributes()).containsEntry("type", "BatchFailed");
            assertThat(body(message)).containsEntry("failureReason", "VALIDATION_EXCEPTION")
                    .containsEntry("failureMessage", "Workflow parameter 'reads' is required")
                    .containsEntry("batchStatus", "FAILED");
        });
    }

    @Test
    void a_cancelled_batch_is_announced_as_cancelled() throws IOException {
        Drop drop = submitted("incoming/cancelled.json");
        omics.advance(drop.batchId());
        omics.advance(drop.batchId());
        env.clients(LedgerRole.OPERATOR).omics().cancelRunBatch(drop.batchId()); // the operator's cancel

        assertThat(omics.settle(drop.batchId())).isEqualTo("CANCELLED");
        deliver(eventsOf(drop.batchId()));

        assertThat(reload(drop).batchStatus()).isEqualTo("CANCELLED");
        assertThat(completions()).singleElement()
                .satisfies(message -> assertThat(message.attributes()).containsEntry("type", "BatchCancelled"));
    }

    @Test
    void duplicated_and_out_of_order_events_never_move_the_status_backwards_or_announce_twice() throws IOException {
        Drop drop = submitted("incoming/shuffled.json");
        omics.settle(drop.batchId());
        List<String> events = new ArrayList<>(eventsOf(drop.batchId()));
        List<String> reversed = new ArrayList<>(events);
        Collections.reverse(reversed);

        deliver(reversed);
        deliver(events);
        deliver(reversed);

        Drop done = reload(drop);
        assertThat(done.batchStatus()).isEqualTo("PROCESSED");
        assertThat(done.progress().counts()).containsEntry("completedRunCount", 3L);
        assertThat(completions()).hasSize(1);
    }

    @Test
    void some_runs_failing_submission_are_listed_in_the_completion_message() throws IOException {
        omics.failSubmissionOf(id -> id.equals("sample-002"), "RUN_VALIDATION_FAILED", "Input file not found");
        Drop drop = submitted("incoming/partial.json");

        omics.settle(drop.batchId());
        deliver(eventsOf(drop.batchId()));

        assertThat(completions()).singleElement().satisfies(message -> {
            Map<String, Object> body = body(message);
            assertThat(body).containsEntry("type", "BatchCompleted");
            assertThat(body.get("counts")).isInstanceOfSatisfying(Map.class, counts -> assertThat(counts)
                    .containsEntry("failedStartSubmissionCount", 1L).containsEntry("successfulStartSubmissionCount", 2L));
            assertThat(body.get("failedSubmissions")).isEqualTo(List.of(Map.of("runSettingId", "sample-002",
                    "reason", "RUN_VALIDATION_FAILED", "message", "Input file not found")));
        });
    }

    @Test
    void a_missed_event_is_healed_by_the_reconciler_which_announces_once() throws IOException {
        Drop drop = submitted("incoming/missed.json");
        omics.settle(drop.batchId()); // every event lost
        ReconcileBatches reconcile = new ReconcileBatches(reconciler().drops(),
                env.clients(LedgerRole.RECONCILE).omics(), reconciler().trackBatch(), Clock.systemUTC(), Duration.ZERO);

        ReconcileBatches.Summary first = reconcile.run(50);
        deliver(eventsOf(drop.batchId())); // late events after the heal
        ReconcileBatches.Summary second = reconcile.run(50);

        assertThat(first.examined()).isGreaterThanOrEqualTo(1);
        assertThat(reload(drop).batchStatus()).isEqualTo("PROCESSED");
        assertThat(reload(drop).progress().counts()).containsEntry("completedRunCount", 3L);
        assertThat(completions()).singleElement()
                .satisfies(message -> assertThat(message.attributes()).containsEntry("type", "BatchCompleted"));
        assertThat(env.dropzone().drops().openBatches(java.time.Instant.now(), 100))
                .noneMatch(open -> open.requestId().equals(drop.requestId()));
        assertThat(second.outcomes()).doesNotContainKey(io.omicsdropzone.domain.tracking.TrackBatch.Outcome.ANNOUNCED);
    }

    @Test
    void the_reconciler_stops_early_when_throttled_and_heals_on_the_next_run() {
        Drop drop = submitted("incoming/throttled-reconcile.json");
        omics.settle(drop.batchId());
        ReconcileBatches reconcile = new ReconcileBatches(reconciler().drops(),
                env.clients(LedgerRole.RECONCILE).omics(), reconciler().trackBatch(), Clock.systemUTC(), Duration.ZERO);
        omics.throttleNext("GetBatch", 3); // every attempt the client makes for the first batch

        ReconcileBatches.Summary throttled = reconcile.run(50);
        reconcile.run(50);

        assertThat(throttled.throttled()).isTrue();
        assertThat(throttled.examined()).isEqualTo(1);
        assertThat(reload(drop).batchStatus()).isEqualTo("PROCESSED");
    }

    @Test
    void events_for_batches_this_dropzone_did_not_submit_are_ignored() throws IOException {
        String foreign = """
                {"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"RunBatch Status Change",
                 "source":"aws.omics","account":"123456789012","time":"2026-11-23T08:00:00Z","region":"us-east-1",
                 "resources":["arn:aws:omics:us-east-1:123456789012:runBatch/999999999"],
                 "detail":{"omicsVersion":"1.0.0","arn":"arn:aws:omics:us-east-1:123456789012:runBatch/999999999",
                           "batchId":"999999999","status":"PROCESSED","totalRuns":"2"}}""";

        deliver(List.of(foreign));

        assertThat(sns.published()).isEmpty();
        assertThat(omics.calls()).isEmpty();
    }

    /** The use cases as the reconcile function builds them, under its role. */
    private static io.omicsdropzone.app.Dropzone reconciler() {
        return env.dropzone(LocalEnvironment.RECONCILE_FUNCTION_NAME);
    }
}
