package io.omicsdropzone.domain.tracking;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchNaming;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SweepStuckDropsTest {

    static final Duration STUCK_AFTER = Duration.ofMinutes(30);
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    static final Duration LEASE = Duration.ofMinutes(15);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final RecordingNotifier notifier = new RecordingNotifier();
    final List<String> resumed = new ArrayList<>();
    final MemoryBatches batches = new MemoryBatches();

    {
        batches.createdAt = clock::instant;
    }

    SweepStuckDrops sweep() {
        return new SweepStuckDrops(drops, drop -> resumed.add(drop.requestId()), notifier, Disclosure.FULL, clock,
                STUCK_AFTER, GIVE_UP_AFTER, LEASE, batches);
    }

    /** A drop claimed now whose invocation then died without a word (lease ends with the Lambda timeout). */
    Drop crashedDrop(String key) {
        DroppedObject object = new DroppedObject("dropzone-input", key, "etag-" + key.hashCode(), 10, null, null);
        return drops.claim(object, "name", clock.instant(), LEASE).drop();
    }

    @Test
    void a_drop_is_left_alone_until_its_lease_ended_and_it_was_quiet_for_stuck_drop_after() {
        Drop drop = crashedDrop("incoming/a.json");

        clock.advance(Duration.ofMinutes(29));
        assertThat(sweep().run(50).resumed()).isZero();

        clock.advance(Duration.ofMinutes(2));
        SweepStuckDrops.Summary summary = sweep().run(50);

        assertThat(summary.resumed()).isEqualTo(1);
        assertThat(resumed).containsExactly(drop.requestId());
    }

    @Test
    void two_passes_resume_a_stuck_drop_once() {
        Drop drop = crashedDrop("incoming/b.json");
        clock.advance(Duration.ofMinutes(31));

        sweep().run(50);
        sweep().run(50); // a concurrent or immediately repeated pass

        assertThat(resumed).containsExactly(drop.requestId());
        clock.advance(STUCK_AFTER.plusMinutes(1)); // still stuck a while later: resumed again
        sweep().run(50);
        assertThat(resumed).containsExactly(drop.requestId(), drop.requestId());
    }

    @Test
    void a_drop_unsettled_after_give_up_after_fails_with_its_last_error_and_one_notification() {
        Drop drop = crashedDrop("incoming/c.json");
        drops.releaseAfterRetryableError(drop, "ThrottlingException: Rate exceeded", clock.instant());
        clock.advance(GIVE_UP_AFTER.plusMinutes(1));

        SweepStuckDrops.Summary summary = sweep().run(50);
        clock.advance(STUCK_AFTER.plusMinutes(1));
        sweep().run(50);

        assertThat(summary.gaveUp()).isEqualTo(1);
        assertThat(resumed).isEmpty(); // no further attempt
        Drop failed = drops.get(drop.requestId());
        assertThat(failed.status()).isEqualTo(DropStatus.FAILED);
        assertThat(failed.errors()).singleElement().asString()
                .contains("gave up", "PT24H", "ThrottlingException: Rate exceeded");
        assertThat(failed.settled()).isTrue();
        assertThat(drops.inOpenDrops(drop.requestId())).isFalse();
        assertThat(notifier.types()).containsExactly(Notification.SUBMISSION_FAILED);
    }

    @Test
    void a_settled_but_unannounced_drop_is_announced_as_it_is() {
        Drop drop = crashedDrop("incoming/d.json");
        drops.recordRejected(drop, 3, List.of("entry 0 /0: bad"), 1, clock.instant());
        clock.advance(GIVE_UP_AFTER.plusMinutes(1));

        sweep().run(50);

        assertThat(drops.get(drop.requestId()).status()).isEqualTo(DropStatus.REJECTED);
        assertThat(notifier.types()).containsExactly(Notification.FILE_REJECTED);
    }

    @Test
    void a_failed_publish_on_give_up_is_retried_by_a_later_pass() {
        Drop drop = crashedDrop("incoming/e.json");
        clock.advance(GIVE_UP_AFTER.plusMinutes(1));
        notifier.failNext(new IllegalStateException("SNS unavailable"));

        SweepStuckDrops.Summary first = sweep().run(50);
        clock.advance(STUCK_AFTER.plusMinutes(1)); // the give-up lease has ended by then
        SweepStuckDrops.Summary second = sweep().run(50);

        assertThat(first.errors()).singleElement().asString().contains("SNS unavailable");
        assertThat(second.gaveUp()).isEqualTo(1);
        assertThat(notifier.types()).containsExactly(Notification.SUBMISSION_FAILED);
        assertThat(drops.get(drop.requestId()).settled()).isTrue();
    }

    @Test
    void a_resume_that_cannot_start_is_reported_and_retried_next_time() {
        Drop drop = crashedDrop("incoming/f.json");
        clock.advance(Duration.ofMinutes(31));
        SweepStuckDrops failing = new SweepStuckDrops(drops, d -> {
            throw new IllegalStateException("Invoke answered 429");
        }, notifier, Disclosure.FULL, clock, STUCK_AFTER, GIVE_UP_AFTER, LEASE, batches);

        SweepStuckDrops.Summary summary = failing.run(50);

        assertThat(summary.errors()).singleElement().asString().contains(drop.requestId(), "429");
        clock.advance(STUCK_AFTER.plusMinutes(1));
        assertThat(sweep().run(50).resumed()).isEqualTo(1);
    }

    @Test
    void settled_drops_are_not_in_the_sweep() {
        Drop drop = crashedDrop("incoming/g.json");
        Drop rejected = drops.recordRejected(drop, 0, List.of("bad"), 1, clock.instant());
        drops.markNotified(rejected, clock.instant());
        clock.advance(GIVE_UP_AFTER.plusHours(1));

        assertThat(sweep().run(50).examined()).isZero();
    }

    // ---- a batch behind a drop about to be given up (issue 17, gap 4) ------------------------------------------

    /** A drop validated and SUBMITTING whose StartRunBatch created {@code name}'s batch and lost the answer. */
    Drop submittingWithLostAnswer(String key, String name) {
        DroppedObject object = new DroppedObject("dropzone-input", key, "etag-" + key.hashCode(), 10, null, null);
        Drop claimed = drops.claim(object, name, clock.instant(), LEASE).drop();
        Drop submitting = drops.markSubmitting(claimed, 2, clock.instant());
        batches.createThenLoseAnswer(requestFor(submitting));
        drops.releaseAfterRetryableError(submitting, "SdkClientException: the connection closed", clock.instant());
        return submitting;
    }

    static BatchRequest requestFor(Drop drop) {
        DefaultRunSetting setting = new DefaultRunSetting("1234567", "arn:aws:iam::123456789012:role/omics",
                "{\"workflowId\":\"1234567\",\"roleArn\":\"arn:aws:iam::123456789012:role/omics\"}");
        return new BatchRequest(drop.requestId(), drop.batchName(), drop.settingsUri(),
                setting.withRunTags(BatchNaming.runTags(drop.requestId())),
                BatchNaming.batchTags(drop.object(), drop.requestId(), Disclosure.FULL));
    }

    @Test
    void a_submitting_drop_whose_batch_exists_is_recorded_submitted_with_it_not_given_up() {
        Drop drop = submittingWithLostAnswer("incoming/lost.json", "run-settings");
        clock.advance(GIVE_UP_AFTER.plusHours(1));

        SweepStuckDrops.Summary summary = sweep().run(50);

        Drop after = drops.get(drop.requestId());
        assertThat(summary.gaveUp()).isZero();
        assertThat(summary.batchesFound()).isEqualTo(1);
        assertThat(after.status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(after.batchId()).isEqualTo(batches.byRequestId.get(drop.requestId()).id());
        assertThat(after.settled()).isTrue();
        assertThat(notifier.types()).containsExactly(Notification.BATCH_SUBMITTED);
        assertThat(notifier.published.get(0).body()).doesNotContainKey("supersedes");
        assertThat(batches.startCalls).as("the lookup never calls StartRunBatch").isEmpty();
        assertThat(sweep().run(50).examined()).as("settled: announced once").isZero();
    }

    @Test
    void the_batch_is_matched_by_request_id_among_batches_of_the_same_name_on_every_page() {
        Drop drop = submittingWithLostAnswer("incoming/a/run-settings.json", "run-settings");
        // 150 other drops named run-settings, started later (so listed before it, newest first, on a later page)
        for (int i = 0; i < 150; i++) {
            clock.advance(Duration.ofSeconds(1));
            DroppedObject other = new DroppedObject("dropzone-input", "incoming/o" + i + "/run-settings.json",
                    "e" + i, 10, null, null);
            Drop claimed = drops.claim(other, "run-settings", clock.instant(), LEASE).drop();
            batches.startRunBatch(requestFor(claimed));
        }
        clock.advance(GIVE_UP_AFTER.plusHours(1));

        sweep().run(500);

        assertThat(drops.get(drop.requestId()).status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(drops.get(drop.requestId()).batchId()).isEqualTo(batches.byRequestId.get(drop.requestId()).id());
        assertThat(batches.listCalls).as("two pages of ListBatch").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void a_submitting_drop_without_a_batch_is_given_up_after_the_lookup() {
        DroppedObject object = new DroppedObject("dropzone-input", "incoming/none.json", "e", 10, null, null);
        Drop claimed = drops.claim(object, "none", clock.instant(), LEASE).drop();
        Drop submitting = drops.markSubmitting(claimed, 2, clock.instant());
        drops.releaseAfterRetryableError(submitting, "ThrottlingException", clock.instant());
        clock.advance(GIVE_UP_AFTER.plusHours(1));

        SweepStuckDrops.Summary summary = sweep().run(50);

        assertThat(summary.gaveUp()).isEqualTo(1);
        assertThat(batches.listCalls).containsExactly("none");
        assertThat(drops.get(submitting.requestId()).status()).isEqualTo(DropStatus.FAILED);
    }

    @Test
    void when_the_lookup_fails_the_drop_is_not_given_up_in_that_pass() {
        Drop drop = submittingWithLostAnswer("incoming/lookup-fails.json", "lookup-fails");
        clock.advance(GIVE_UP_AFTER.plusHours(1));
        batches.failNextList(new BatchApiException(BatchApiException.Kind.THROTTLING, "ThrottlingException", 429,
                "slow", null));

        SweepStuckDrops.Summary summary = sweep().run(50);

        assertThat(summary.errors()).singleElement().asString().contains(drop.requestId(), "slow");
        assertThat(drops.get(drop.requestId()).status()).isEqualTo(DropStatus.SUBMITTING);
        assertThat(notifier.published).isEmpty();
    }
}
