package io.omicsdropzone.domain.tracking;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.Fakes;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.metrics.EmfDocument;
import io.omicsdropzone.metrics.EmfWriter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackBatchTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final MemoryBatches omics = new MemoryBatches();
    final RecordingNotifier notifier = new RecordingNotifier();
    final TrackBatch track = new TrackBatch(drops, omics, notifier, Disclosure.FULL, clock, Duration.ofMinutes(2));

    Drop submitted() {
        DroppedObject object = new DroppedObject("dropzone-input", "incoming/x.json", "etag", 10, null, null);
        Drop claimed = drops.claim(object, "x", clock.instant(), Duration.ofMinutes(15)).drop();
        StartedBatch batch = omics.startRunBatch(new BatchRequest(claimed.requestId(), "x", object.s3Uri(),
                Fakes.SETTING, Map.of()));
        Drop done = drops.recordSubmitted(drops.markSubmitting(claimed, 2, clock.instant()), batch, clock.instant());
        drops.markNotified(done, clock.instant());
        return drops.get(done.requestId());
    }

    BatchObservation seen(Drop drop, String status, int secondsLater) {
        return new BatchObservation(drop.batchId(), drop.batchArn(), status, clock.instant().plusSeconds(secondsLater),
                Map.of("totalRuns", 2L), null, null);
    }

    @Test
    void the_terminal_state_is_announced_once_however_often_it_is_seen() {
        Drop drop = submitted();
        omics.state(seen(drop, "PROCESSED", 10));

        assertThat(track.apply(seen(drop, "INPROGRESS", 5))).isEqualTo(TrackBatch.Outcome.UPDATED);
        assertThat(track.apply(seen(drop, "PROCESSED", 10))).isEqualTo(TrackBatch.Outcome.ANNOUNCED);
        assertThat(track.apply(seen(drop, "PROCESSED", 10))).isEqualTo(TrackBatch.Outcome.ALREADY_ANNOUNCED);
        assertThat(track.apply(seen(drop, "INPROGRESS", 5))).isIn(TrackBatch.Outcome.STALE,
                TrackBatch.Outcome.ALREADY_ANNOUNCED);

        assertThat(notifier.types()).containsExactly("BatchCompleted");
    }

    @Test
    void a_failed_announcement_gives_the_lease_back_so_the_next_sighting_announces() {
        Drop drop = submitted();
        omics.state(seen(drop, "FAILED", 10));
        notifier.failNext(new IllegalStateException("SNS unavailable"));

        assertThatThrownBy(() -> track.apply(seen(drop, "FAILED", 10))).hasMessageContaining("SNS unavailable");
        assertThat(track.apply(seen(drop, "FAILED", 10))).isEqualTo(TrackBatch.Outcome.ANNOUNCED);

        assertThat(notifier.types()).containsExactly("BatchFailed");
    }

    @Test
    void sightings_of_batches_from_elsewhere_change_nothing() {
        assertThat(track.apply(new BatchObservation("999", "arn", "PROCESSED", clock.instant(), Map.of(), null, null)))
                .isEqualTo(TrackBatch.Outcome.UNKNOWN_BATCH);
        assertThat(notifier.published).isEmpty();
    }

    @Test
    void a_finished_batch_writes_its_end_and_run_counts_once() {
        List<String> lines = new ArrayList<>();
        TrackBatch metered = new TrackBatch(drops, omics, notifier, Disclosure.FULL, clock, Duration.ofMinutes(2),
                EmfWriter.forFunction(lines::add, "omics-dropzone-BatchStatus", clock));
        Drop drop = submitted();
        omics.state(new BatchObservation(drop.batchId(), drop.batchArn(), "PROCESSED", clock.instant().plusSeconds(10),
                Map.of("totalRuns", 5L, "failedStartSubmissionCount", 0L, "failedRunCount", 2L,
                        "completedRunCount", 3L), null, null));

        metered.apply(seen(drop, "PROCESSED", 10));
        metered.apply(seen(drop, "PROCESSED", 10));

        assertThat(lines).hasSize(1);
        EmfDocument document = EmfDocument.parse(lines.get(0));
        assertThat(document.dimension("Function")).isEqualTo("omics-dropzone-BatchStatus");
        assertThat(document.units()).containsOnlyKeys("BatchesCompleted", "BatchesFailed", "BatchesCancelled",
                "RunsFailedToStart", "RunsFailed").containsValue("Count").doesNotContainValue("Seconds");
        assertThat(document.value("BatchesCompleted")).isEqualTo(1);
        assertThat(document.value("BatchesFailed")).isZero();
        assertThat(document.value("BatchesCancelled")).isZero();
        assertThat(document.value("RunsFailedToStart")).isZero();
        assertThat(document.value("RunsFailed")).isEqualTo(2);
    }

    @Test
    void a_failed_announcement_writes_no_metrics_until_it_is_announced() {
        List<String> lines = new ArrayList<>();
        TrackBatch metered = new TrackBatch(drops, omics, notifier, Disclosure.FULL, clock, Duration.ofMinutes(2),
                EmfWriter.forFunction(lines::add, "omics-dropzone-BatchStatus", clock));
        Drop drop = submitted();
        omics.state(seen(drop, "CANCELLED", 10));
        notifier.failNext(new IllegalStateException("SNS unavailable"));

        assertThatThrownBy(() -> metered.apply(seen(drop, "CANCELLED", 10)));
        assertThat(lines).isEmpty();
        metered.apply(seen(drop, "CANCELLED", 10));

        assertThat(lines).singleElement().satisfies(line ->
                assertThat(EmfDocument.parse(line).value("BatchesCancelled")).isEqualTo(1));
    }
}
