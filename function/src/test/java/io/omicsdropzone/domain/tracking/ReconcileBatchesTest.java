package io.omicsdropzone.domain.tracking;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.Fakes;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.domain.notification.Notification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcileBatchesTest {

    static final Duration QUIET = Duration.ofMinutes(5);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final MemoryBatches omics = new MemoryBatches();
    final RecordingNotifier notifier = new RecordingNotifier();
    final TrackBatch track = new TrackBatch(drops, omics, notifier, Disclosure.FULL, clock, Duration.ofMinutes(2));
    final ReconcileBatches reconcile = new ReconcileBatches(drops, omics, track, clock, QUIET);

    /** A drop whose batch was submitted and announced as submitted; its batch events never arrive. */
    Drop submitted(String key) {
        DroppedObject object = new DroppedObject("dropzone-input", key, "etag-" + key.hashCode(), 10, null, null);
        Drop claimed = drops.claim(object, "name", clock.instant(), Duration.ofMinutes(15)).drop();
        Drop submitting = drops.markSubmitting(claimed, 2, clock.instant());
        StartedBatch batch = omics.startRunBatch(new BatchRequest(claimed.requestId(), "name", object.s3Uri(),
                Fakes.SETTING, Map.of()));
        Drop done = drops.recordSubmitted(submitting, batch, clock.instant());
        drops.markNotified(done, clock.instant());
        clock.advance(Duration.ofSeconds(1)); // createdAt orders the open-batches index
        return drops.get(done.requestId());
    }

    BatchObservation processed(Drop drop) {
        return new BatchObservation(drop.batchId(), drop.batchArn(), "PROCESSED", clock.instant(),
                Map.of("totalRuns", 2L, "completedRunCount", 2L), null, null);
    }

    @Test
    void batches_whose_get_batch_keeps_failing_rotate_instead_of_starving_newer_ones() {
        for (int i = 0; i < 60; i++) {
            Drop failing = submitted("incoming/failing-" + i + ".json");
            omics.failGetBatch(failing.batchId(), new BatchApiException(BatchApiException.Kind.INTERNAL,
                    "InternalServerException", 500, "internal error", null), 100);
        }
        Drop newest = submitted("incoming/newest.json");
        omics.state(processed(newest));
        clock.advance(QUIET.plusSeconds(1));

        ReconcileBatches.Summary first = reconcile.run(50);
        clock.advance(Duration.ofMinutes(1)); // within the quiet period of the failed polls
        ReconcileBatches.Summary second = reconcile.run(50);

        assertThat(first.examined()).isEqualTo(50);
        assertThat(first.failures()).isEqualTo(50);
        assertThat(second.outcomes()).containsEntry(TrackBatch.Outcome.ANNOUNCED, 1);
        assertThat(notifier.types()).containsExactly("BatchCompleted");
        assertThat(drops.get(newest.requestId()).progress().completionNotifiedAt()).isNotNull();
    }

    @Test
    void a_batch_failing_three_polls_in_a_row_is_reported_as_persistent() {
        Drop drop = submitted("incoming/broken.json");
        omics.failGetBatch(drop.batchId(), new BatchApiException(BatchApiException.Kind.ACCESS_DENIED,
                "AccessDeniedException", 403, "not authorized to perform omics:GetBatch", null), 100);

        int[] persistent = new int[3];
        for (int pass = 0; pass < 3; pass++) {
            clock.advance(QUIET.plusSeconds(1));
            persistent[pass] = reconcile.run(50).persistentFailures();
        }

        assertThat(persistent).containsExactly(0, 0, 1);
        assertThat(drops.get(drop.requestId()).progress().pollFailures()).isEqualTo(3);
        assertThat(drops.get(drop.requestId()).progress().lastPollError()).contains("AccessDeniedException");
    }

    @Test
    void a_success_resets_the_failure_count() {
        Drop drop = submitted("incoming/flaky.json");
        omics.failGetBatch(drop.batchId(), new IllegalStateException("connection reset"), 2);
        omics.state(new BatchObservation(drop.batchId(), drop.batchArn(), "INPROGRESS", clock.instant(),
                Map.of(), null, null));

        for (int pass = 0; pass < 3; pass++) {
            clock.advance(QUIET.plusSeconds(1));
            reconcile.run(50);
        }

        assertThat(drops.get(drop.requestId()).progress().pollFailures()).isZero();
        assertThat(drops.get(drop.requestId()).batchStatus()).isEqualTo("INPROGRESS");
    }

    @Test
    void a_batch_that_no_longer_exists_is_closed_with_one_notification() {
        Drop drop = submitted("incoming/deleted-batch.json"); // MemoryBatches knows no state for it: 404
        clock.advance(QUIET.plusSeconds(1));

        ReconcileBatches.Summary first = reconcile.run(50);
        clock.advance(QUIET.plusSeconds(1));
        ReconcileBatches.Summary second = reconcile.run(50);

        assertThat(first.notFound()).isEqualTo(1);
        assertThat(second.examined()).isZero(); // closed: no longer in the open-batches index
        assertThat(notifier.types()).containsExactly(Notification.BATCH_NOT_FOUND);
        assertThat(drops.get(drop.requestId()).batchStatus()).isEqualTo("NOT_FOUND");
    }

    @Test
    void throttling_ends_the_pass_and_leaves_the_rest_for_the_next() {
        Drop first = submitted("incoming/t1.json");
        Drop second = submitted("incoming/t2.json");
        omics.state(processed(first));
        omics.state(processed(second));
        omics.failGetBatch(first.batchId(), new BatchApiException(BatchApiException.Kind.THROTTLING,
                "ThrottlingException", 429, "Rate exceeded", null), 1);
        clock.advance(QUIET.plusSeconds(1));

        ReconcileBatches.Summary throttled = reconcile.run(50);
        ReconcileBatches.Summary next = reconcile.run(50);

        assertThat(throttled.throttled()).isTrue();
        assertThat(omics.getCalls).startsWith(first.batchId());
        assertThat(next.outcomes()).containsEntry(TrackBatch.Outcome.ANNOUNCED, 2);
    }
}
