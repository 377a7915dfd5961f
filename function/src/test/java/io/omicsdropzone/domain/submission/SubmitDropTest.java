package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropBusyException;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchRequest;
import io.omicsdropzone.domain.fakes.Fakes.MemoryBatches;
import io.omicsdropzone.domain.fakes.Fakes.MemorySnapshots;
import io.omicsdropzone.domain.fakes.Fakes.MemoryStore;
import io.omicsdropzone.domain.fakes.Fakes.MutableClock;
import io.omicsdropzone.domain.fakes.Fakes.RecordingNotifier;
import io.omicsdropzone.domain.fakes.Fakes;
import io.omicsdropzone.domain.fakes.InMemoryDrops;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.pipeline.DefaultRunSetting;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.domain.submission.RunSettingsStore.ObjectAccessDeniedException;
import io.omicsdropzone.domain.submission.SubmitRepository.LeaseLostException;
import io.omicsdropzone.spool.MemorySpool;
import org.junit.jupiter.api.Test;

import java.io.FilterInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The submit use case against in-memory fakes of our own ports: the failure interleavings, in milliseconds. */
class SubmitDropTest {

    static final String BUCKET = "dropzone-input";
    static final String KEY = "incoming/cohort-42.json";
    static final String ETAG = "0123456789abcdef0123456789abcdef";
    static final String VALID = """
            [{"runSettingId":"S1","parameters":{"sample":"S1"}},
             {"runSettingId":"S2","parameters":{"sample":"S2"}}]""";
    static final DefaultRunSetting SETTING = Fakes.SETTING;
    static final Duration LEASE = Duration.ofMinutes(15);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final InMemoryDrops drops = new InMemoryDrops();
    final MemoryStore store = new MemoryStore();
    final MemoryBatches omics = new MemoryBatches();
    final RecordingNotifier notifier = new RecordingNotifier();
    final MemorySnapshots snapshotStore = new MemorySnapshots(store);
    final List<Duration> sleeps = new ArrayList<>();
    final DroppedObject object = new DroppedObject(BUCKET, KEY, ETAG, VALID.length(), null, "0055AED6DCD90281E5");

    SubmitDrop submitDrop() {
        return new SubmitDrop(new SubmitDrop.Ports(drops, store, new Snapshots(snapshotStore, Snapshots.DEFAULT_PREFIX),
                omics, notifier, new MemorySpool()), Pipelines.single(SETTING), Disclosure.FULL, null, clock, LEASE,
                wait -> {
                    sleeps.add(wait);
                    clock.advance(wait);
                });
    }

    Instant deadline() {
        return clock.instant().plus(Duration.ofMinutes(14));
    }

    @Test
    void a_valid_file_becomes_one_batch_and_one_notification() {
        store.put(BUCKET, KEY, ETAG, VALID);

        DropResult result = submitDrop().handle(object, deadline());

        assertThat(result.drop().status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(result.drop().runCount()).isEqualTo(2);
        assertThat(omics.startCalls).singleElement()
                .satisfies(call -> assertThat(call.s3UriSettings())
                        .isEqualTo("s3://" + BUCKET + "/submitted/" + object.requestId() + ".json"));
        assertThat(drops.get(object.requestId()).snapshot().etag()).isEqualTo("snap-" + ETAG);
        assertThat(notifier.types()).containsExactly(Notification.BATCH_SUBMITTED);
        assertThat(drops.get(object.requestId()).settled()).isTrue();
        assertThat(drops.inOpenDrops(object.requestId())).isFalse();
    }

    @Test
    void a_lease_lost_mid_submission_throws_and_leaves_the_new_owner_undisturbed() {
        store.put(BUCKET, KEY, ETAG, VALID);
        // While this invocation reads, another one takes the drop over (this one outlived its lease).
        store.onOpen = () -> drops.update(object.requestId(), d -> new Drop(d.requestId(), d.status(), d.object(),
                d.batchName(), d.runCount(), d.batchId(), d.batchArn(), d.batchStatus(), d.errors(), d.errorCount(),
                d.attempts(), d.lastError(), "other-invocation", clock.instant().plus(LEASE), d.createdAt(),
                d.updatedAt(), d.notifiedAt(), d.progress()));

        assertThatThrownBy(() -> submitDrop().handle(object, deadline()))
                .isInstanceOf(LeaseLostException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(LeaseLostException.class));

        Drop stored = drops.get(object.requestId());
        assertThat(stored.leaseOwner()).isEqualTo("other-invocation");
        assertThat(stored.status()).isEqualTo(DropStatus.RECEIVED);
        assertThat(stored.attempts()).isZero(); // the release was refused: the new owner's record is untouched
        assertThat(omics.startCalls).isEmpty();
        assertThat(notifier.published).isEmpty();
    }

    @Test
    void a_failed_release_is_attached_to_the_original_error_which_is_rethrown() {
        store.put(BUCKET, KEY, ETAG, VALID);
        BatchApiException throttled = new BatchApiException(BatchApiException.Kind.THROTTLING, "ThrottlingException",
                429, "Rate exceeded", null);
        omics.failNextStart(throttled);
        RuntimeException tableDown = new IllegalStateException("table unavailable");
        drops.failNext("releaseAfterRetryableError", tableDown);

        assertThatThrownBy(() -> submitDrop().handle(object, deadline()))
                .isSameAs(throttled)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(tableDown));

        // The lease is still held: the next delivery waits it out (or the sweep finds it), nothing is lost.
        assertThat(drops.get(object.requestId()).status()).isEqualTo(DropStatus.SUBMITTING);
        assertThat(drops.get(object.requestId()).leasedAt(clock.instant())).isTrue();
        assertThat(drops.inOpenDrops(object.requestId())).isTrue();
    }

    @Test
    void publish_then_record_failure_republishes_the_same_notification_on_the_next_delivery() {
        store.put(BUCKET, KEY, ETAG, VALID);
        drops.failNext("markNotified", new IllegalStateException("table unavailable"));

        assertThatThrownBy(() -> submitDrop().handle(object, deadline())).hasMessageContaining("table unavailable");
        DropResult retry = submitDrop().handle(object, deadline());

        assertThat(retry.action()).isEqualTo(DropResult.Action.PROCESSED);
        assertThat(omics.startCalls).hasSize(1); // settled before the publish: no second StartRunBatch
        assertThat(notifier.published).hasSize(2); // at least once, not exactly once
        assertThat(notifier.published.get(1).notificationId()).isEqualTo(notifier.published.get(0).notificationId());
        assertThat(drops.get(object.requestId()).settled()).isTrue();
        assertThat(submitDrop().handle(object, deadline()).action()).isEqualTo(DropResult.Action.ALREADY_SETTLED);
        assertThat(notifier.published).hasSize(2);
    }

    @Test
    void a_busy_drop_is_waited_for_until_the_deadline_then_handed_back_to_lambda() {
        store.put(BUCKET, KEY, ETAG, VALID);
        drops.claim(object, "cohort-42", clock.instant(), LEASE); // another invocation owns it

        Instant deadline = clock.instant().plus(Duration.ofSeconds(10));
        assertThatThrownBy(() -> submitDrop().handle(object, deadline)).isInstanceOf(DropBusyException.class);

        assertThat(sleeps).isNotEmpty().allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(clock.instant()).isBeforeOrEqualTo(deadline);
        assertThat(omics.startCalls).isEmpty();
        assertThat(notifier.published).isEmpty();
    }

    @Test
    void access_denied_on_head_is_a_terminal_failure_that_says_what_to_check() {
        store.put(BUCKET, KEY, ETAG, VALID);
        store.failHead(BUCKET, KEY, new ObjectAccessDeniedException("HeadObject", "AccessDenied (HTTP 403)"));

        DropResult result = submitDrop().handle(object, deadline());

        assertThat(result.drop().status()).isEqualTo(DropStatus.FAILED);
        assertThat(result.drop().errors()).singleElement().asString()
                .startsWith("AccessDenied")
                .contains("HeadObject", "deleted", "s3:ListBucket", "upload prefix");
        assertThat(notifier.types()).containsExactly(Notification.SUBMISSION_FAILED);
        assertThat(omics.startCalls).isEmpty();
    }

    @Test
    void validation_that_cannot_finish_before_the_deadline_records_how_far_it_got() {
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 2_000; i++) {
            big.append(i == 0 ? "" : ",").append("{\"runSettingId\":\"S").append(i).append("\"}");
        }
        store.put(BUCKET, KEY, ETAG, big.append(']').toString());
        // A slow read: each buffer takes a second of the invocation's time.
        store.wrap = in -> new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                clock.advance(Duration.ofSeconds(1));
                return super.read(b, off, Math.min(len, 1024));
            }
        };

        Instant deadline = clock.instant().plus(Duration.ofSeconds(5));
        assertThatThrownBy(() -> submitDrop().handle(object, deadline))
                .isInstanceOf(SubmitDrop.ValidationTimeoutException.class);

        Drop stored = drops.get(object.requestId());
        assertThat(stored.status()).isEqualTo(DropStatus.RECEIVED);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.lastError()).contains("invocation deadline", "read", "bytes remain", "MB/s");
        assertThat(stored.leasedAt(clock.instant())).isFalse(); // the retry or the sweep resumes it at once
        assertThat(notifier.published).isEmpty();
        assertThat(omics.startCalls).isEmpty();
    }

    @Test
    void a_resumed_submission_calls_start_run_batch_again_without_reading_the_file() {
        store.put(BUCKET, KEY, ETAG, VALID);
        omics.failNextStart(new BatchApiException(BatchApiException.Kind.INTERNAL, "InternalServerException", 500,
                "internal error", null));
        assertThatThrownBy(() -> submitDrop().handle(object, deadline())).isInstanceOf(BatchApiException.class);
        assertThat(store.opens).isEqualTo(1);

        DropResult resumed = submitDrop().handle(object, deadline());

        assertThat(store.opens).isEqualTo(1); // validated once, never re-read
        assertThat(resumed.drop().status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(omics.startCalls).hasSize(2)
                .extracting(BatchRequest::requestId).containsOnly(object.requestId());
        assertThat(omics.byRequestId).hasSize(1);
        assertThat(notifier.types()).containsExactly(Notification.BATCH_SUBMITTED);
    }

    @Test
    void a_resume_after_the_object_was_overwritten_submits_the_snapshot_without_copying_again() {
        store.put(BUCKET, KEY, ETAG, VALID);
        omics.failNextStart(new BatchApiException(BatchApiException.Kind.THROTTLING, "ThrottlingException", 429,
                "slow down", null));
        assertThatThrownBy(() -> submitDrop().handle(object, deadline())).isInstanceOf(BatchApiException.class);
        store.put(BUCKET, KEY, "ffffffffffffffffffffffffffffffff", "[]");
        store.delete(BUCKET, KEY);

        DropResult resumed = submitDrop().handle(object, deadline());

        assertThat(resumed.drop().status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(snapshotStore.copies).hasSize(1);
        assertThat(omics.startCalls).hasSize(2).extracting(BatchRequest::s3UriSettings).containsOnly(
                "s3://" + BUCKET + "/submitted/" + object.requestId() + ".json");
        assertThat(notifier.types()).containsExactly(Notification.BATCH_SUBMITTED);
    }

    @Test
    void an_object_overwritten_between_validation_and_snapshot_is_rejected_and_never_submitted() {
        store.put(BUCKET, KEY, ETAG, VALID);
        // The copy is pinned to the validated ETag: S3 refuses it (412) once the key holds other bytes.
        store.wrap = in -> new FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                super.close();
                store.put(BUCKET, KEY, "ffffffffffffffffffffffffffffffff", "[]");
            }
        };

        DropResult result = submitDrop().handle(object, deadline());

        assertThat(result.drop().status()).isEqualTo(DropStatus.REJECTED);
        assertThat(result.drop().errors()).singleElement().asString().contains("changed before its snapshot");
        assertThat(omics.startCalls).isEmpty();
    }

    @Test
    void an_event_under_the_snapshot_prefix_is_ignored() {
        DroppedObject snapshot = new DroppedObject(BUCKET, "submitted/" + object.requestId() + ".json", ETAG, 10,
                null, "0055AED6DCD90281E6");

        DropResult result = submitDrop().handle(snapshot, deadline());

        assertThat(result.action()).isEqualTo(DropResult.Action.IGNORED);
        assertThat(drops.find(snapshot.requestId())).isEmpty();
        assertThat(notifier.published).isEmpty();
    }

    @Test
    void an_identical_re_upload_is_announced_once_and_starts_no_batch() {
        store.put(BUCKET, KEY, ETAG, VALID);
        submitDrop().handle(object, deadline());
        DroppedObject again = new DroppedObject(BUCKET, KEY, ETAG, VALID.length(), null, "0055AED6DCD9029999");

        DropResult first = submitDrop().handle(again, deadline());
        DropResult redelivered = submitDrop().handle(again, deadline());
        DropResult originalRedelivered = submitDrop().handle(object, deadline());

        assertThat(first.action()).isEqualTo(DropResult.Action.DUPLICATE);
        assertThat(redelivered.action()).isEqualTo(DropResult.Action.ALREADY_SETTLED);
        assertThat(originalRedelivered.action()).isEqualTo(DropResult.Action.ALREADY_SETTLED);
        assertThat(omics.startCalls).hasSize(1);
        assertThat(notifier.types()).containsExactly(Notification.BATCH_SUBMITTED, Notification.DUPLICATE_FILE);
        Notification duplicate = notifier.published.get(1);
        assertThat(duplicate.notificationId()).isEqualTo("DuplicateFile:" + object.requestId() + ":0055AED6DCD9029999");
        assertThat(duplicate.body()).containsEntry("status", "SUBMITTED")
                .containsEntry("batchId", first.drop().batchId());
        assertThat((String) duplicate.body().get("message")).contains("redrive " + object.requestId());
    }

    @Test
    void a_duplicate_notice_whose_publish_failed_is_published_again_with_the_same_id() {
        store.put(BUCKET, KEY, ETAG, VALID);
        submitDrop().handle(object, deadline());
        DroppedObject again = new DroppedObject(BUCKET, KEY, ETAG, VALID.length(), "v2", null);
        DroppedObject first = new DroppedObject(BUCKET, KEY, ETAG, VALID.length(), "v1", null);
        drops.update(object.requestId(), d -> new Drop(d.requestId(), d.status(), first, d.batchName(), d.runCount(),
                d.batchId(), d.batchArn(), d.batchStatus(), d.errors(), d.errorCount(), d.attempts(), d.lastError(),
                d.leaseOwner(), d.leaseUntil(), d.createdAt(), d.updatedAt(), d.notifiedAt(), d.progress(),
                d.parametersNotChecked(), d.snapshot(), null, List.of(), java.util.Set.of()));
        notifier.failNext(new IllegalStateException("SNS down"));

        assertThatThrownBy(() -> submitDrop().handle(again, deadline())).hasMessageContaining("SNS down");
        DropResult retried = submitDrop().handle(again, deadline());

        assertThat(retried.action()).isEqualTo(DropResult.Action.DUPLICATE);
        assertThat(notifier.published).extracting(Notification::notificationId)
                .containsExactly("BatchSubmitted:" + object.requestId(), "DuplicateFile:" + object.requestId() + ":v2");
    }

    @Test
    void a_deleted_object_is_rejected_with_one_notification() {
        DropResult result = submitDrop().handle(object, deadline());

        assertThat(result.drop().status()).isEqualTo(DropStatus.REJECTED);
        assertThat(result.drop().errors()).singleElement().asString().contains("no longer exists");
        assertThat(notifier.types()).containsExactly(Notification.FILE_REJECTED);
    }

    // ---- content identity (issue 17, gaps 1 and 3) -----------------------------------------------------------

    @Test
    void the_same_content_under_the_same_key_with_another_etag_is_a_duplicate_and_starts_no_batch() {
        store.put(BUCKET, KEY, ETAG, VALID);
        DropResult first = submitDrop().handle(object, deadline());
        // Re-encrypted (SSE-KMS) or multipart: the same bytes under another ETag, so another requestId.
        String otherEtag = "fedcba9876543210fedcba9876543210-2";
        store.put(BUCKET, KEY, otherEtag, VALID);
        DroppedObject again = new DroppedObject(BUCKET, KEY, otherEtag, VALID.length(), null, "0055AED6DCD9030000");

        DropResult duplicate = submitDrop().handle(again, deadline());
        DropResult redelivered = submitDrop().handle(again, deadline());

        assertThat(again.requestId()).isNotEqualTo(object.requestId());
        assertThat(duplicate.action()).isEqualTo(DropResult.Action.DUPLICATE);
        assertThat(redelivered.action()).isEqualTo(DropResult.Action.ALREADY_SETTLED);
        assertThat(omics.startCalls).hasSize(1);
        Drop recorded = drops.get(again.requestId());
        assertThat(recorded.status()).isEqualTo(DropStatus.DUPLICATE);
        assertThat(recorded.settled()).isTrue();
        assertThat(recorded.content().duplicateOf()).isEqualTo(object.requestId());
        assertThat(recorded.content().sha256()).isEqualTo(first.drop().content().sha256()).hasSize(64);
        assertThat(drops.inOpenDrops(again.requestId())).isFalse();
        assertThat(notifier.published).extracting(Notification::notificationId).containsExactly(
                "BatchSubmitted:" + object.requestId(), "DuplicateFile:" + object.requestId() + ":0055AED6DCD9030000");
        assertThat(notifier.published.get(1).body()).containsEntry("requestId", object.requestId())
                .containsEntry("duplicateRequestId", again.requestId())
                .containsEntry("etag", otherEtag)
                .containsEntry("status", "SUBMITTED");
    }

    @Test
    void the_content_of_a_drop_rejected_after_its_claim_is_taken_over_by_the_next_drop() {
        store.put(BUCKET, KEY, ETAG, VALID);
        // The first drop validates and claims the content, then its snapshot copy finds the key changed.
        snapshotStore.failNextCopy(new RunSettingsStore.ObjectChangedException("the object changed before its snapshot was taken"));
        assertThat(submitDrop().handle(object, deadline()).drop().status()).isEqualTo(DropStatus.REJECTED);
        String otherEtag = "fedcba9876543210fedcba9876543210";
        store.put(BUCKET, KEY, otherEtag, VALID);
        DroppedObject again = new DroppedObject(BUCKET, KEY, otherEtag, VALID.length(), null, "0055AED6DCD9030001");

        DropResult second = submitDrop().handle(again, deadline());

        assertThat(second.drop().status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(omics.startCalls).hasSize(1);
        assertThat(drops.contentHolders()).containsValue(again.requestId());
    }

    @Test
    void an_identical_re_upload_of_a_rejected_drop_is_validated_again_as_a_drop_linked_to_it() {
        // Delivered before the bytes were readable: rejected as deleted (pre-flight's missing inputs alike).
        DropResult rejected = submitDrop().handle(object, deadline());
        assertThat(rejected.drop().status()).isEqualTo(DropStatus.REJECTED);
        store.put(BUCKET, KEY, ETAG, VALID);
        DroppedObject again = new DroppedObject(BUCKET, KEY, ETAG, VALID.length(), null, "0055AED6DCD9040000");

        DropResult revalidated = submitDrop().handle(again, deadline());
        DropResult redelivered = submitDrop().handle(again, deadline());

        assertThat(revalidated.action()).isEqualTo(DropResult.Action.PROCESSED);
        assertThat(revalidated.drop().status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(revalidated.drop().requestId()).isNotEqualTo(object.requestId());
        assertThat(revalidated.drop().content().reuploadOf()).isEqualTo(object.requestId());
        assertThat(redelivered.action()).isEqualTo(DropResult.Action.ALREADY_SETTLED);
        assertThat(omics.startCalls).singleElement()
                .satisfies(call -> assertThat(call.requestId()).isEqualTo(revalidated.drop().requestId()));
        assertThat(notifier.types()).containsExactly(Notification.FILE_REJECTED, Notification.BATCH_SUBMITTED);
        assertThat(drops.get(object.requestId()).status()).isEqualTo(DropStatus.REJECTED);
    }

    @Test
    void an_identical_re_upload_of_a_failed_drop_still_points_at_redrive() {
        store.put(BUCKET, KEY, ETAG, VALID);
        store.failHead(BUCKET, KEY, new ObjectAccessDeniedException("HeadObject", "AccessDenied (HTTP 403)"));
        assertThat(submitDrop().handle(object, deadline()).drop().status()).isEqualTo(DropStatus.FAILED);
        DroppedObject again = new DroppedObject(BUCKET, KEY, ETAG, VALID.length(), null, "0055AED6DCD9050000");

        DropResult result = submitDrop().handle(again, deadline());

        assertThat(result.action()).isEqualTo(DropResult.Action.DUPLICATE);
        assertThat(notifier.types()).containsExactly(Notification.SUBMISSION_FAILED, Notification.DUPLICATE_FILE);
        assertThat((String) notifier.published.get(1).body().get("message")).contains("redrive " + object.requestId());
        assertThat(omics.startCalls).isEmpty();
    }
}
