package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.Snapshot;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Step 5 alone: StartRunBatch with the requestId as client token, reading the snapshot, tagged with the drop. */
class StartBatchTest {

    final Steps steps = new Steps();
    final Pipeline wgs = Steps.PIPELINES.named("wgs").orElseThrow();

    Drop submitting(String key) {
        Drop claimed = steps.claimed(steps.put(key, Steps.VALID));
        return steps.drops.markSubmitting(claimed, 2, new Snapshot(Steps.BUCKET, "submitted/" + claimed.requestId()
                + ".json", "snap"), null, steps.clock.instant());
    }

    @Test
    void the_batch_reads_the_snapshot_and_is_tagged_with_the_drop_and_its_pipeline() {
        Drop drop = submitting("incoming/wgs/cohort-42.json");
        StartBatch start = new StartBatch(steps.omics, Steps.PIPELINES, Disclosure.FULL);

        Outcome outcome = start.start(drop, wgs);

        BatchRequest request = steps.omics.startCalls.get(0);
        assertThat(request.requestId()).isEqualTo(drop.requestId());
        assertThat(request.batchName()).isEqualTo(drop.batchName());
        assertThat(request.s3UriSettings()).isEqualTo("s3://" + Steps.BUCKET + "/submitted/" + drop.requestId()
                + ".json");
        assertThat(request.tags()).containsEntry(BatchNaming.REQUEST_ID_TAG, drop.requestId())
                .containsEntry(BatchNaming.PIPELINE_TAG, "wgs").containsEntry("team", "germline");
        assertThat(JsonReader.readObject(request.defaultRunSetting().json()).get("runTags")).isEqualTo(Map.of(
                BatchNaming.REQUEST_ID_TAG, drop.requestId(), BatchNaming.PIPELINE_TAG, "wgs"));
        assertThat(outcome).isEqualTo(new Outcome.Submitted(steps.omics.byRequestId.get(drop.requestId())));
    }

    @Test
    void a_second_start_for_the_same_drop_returns_the_batch_the_first_started() {
        Drop drop = submitting("incoming/wgs/cohort-42.json");
        StartBatch start = new StartBatch(steps.omics, Steps.PIPELINES, Disclosure.FULL);

        Outcome first = start.start(drop, wgs);
        Outcome second = start.start(drop, wgs);

        assertThat(second).isEqualTo(first);
        assertThat(steps.omics.startCalls).hasSize(2);
        assertThat(steps.omics.byRequestId).hasSize(1);
    }

    @Test
    void the_one_unnamed_pipeline_tags_no_pipeline() {
        Drop drop = submitting("incoming/cohort.json");
        Pipelines single = Pipelines.single(Steps.SETTING);

        new StartBatch(steps.omics, single, Disclosure.FULL).start(drop, single.all().get(0));

        assertThat(steps.omics.startCalls.get(0).tags()).containsKey(BatchNaming.REQUEST_ID_TAG)
                .doesNotContainKey(BatchNaming.PIPELINE_TAG);
    }

    @Test
    void a_refusal_a_retry_cannot_change_ends_failed_and_a_retryable_error_is_thrown() {
        Drop drop = submitting("incoming/wgs/cohort-42.json");
        StartBatch start = new StartBatch(steps.omics, Steps.PIPELINES, Disclosure.FULL);
        BatchApiException invalid = new BatchApiException(BatchApiException.Kind.VALIDATION, "ValidationException",
                400, "workflow 1111111 is not ACTIVE", null);
        BatchApiException throttled = new BatchApiException(BatchApiException.Kind.THROTTLING, "ThrottlingException",
                429, "Rate exceeded", null);
        steps.omics.failNextStart(invalid);
        steps.omics.failNextStart(throttled);

        Outcome refused = start.start(drop, wgs);

        assertThat(refused).isEqualTo(new Outcome.Failed(java.util.List.of(invalid.describe(Disclosure.FULL))));
        assertThatThrownBy(() -> start.start(drop, wgs)).isSameAs(throttled);
    }
}
