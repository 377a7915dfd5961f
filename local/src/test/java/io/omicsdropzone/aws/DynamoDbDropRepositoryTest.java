package io.omicsdropzone.aws;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.submission.SubmitRepository.Busy;
import io.omicsdropzone.domain.submission.SubmitRepository.Claim;
import io.omicsdropzone.domain.submission.SubmitRepository.Claimed;
import io.omicsdropzone.domain.submission.SubmitRepository.LeaseLostException;
import io.omicsdropzone.domain.submission.SubmitRepository.Settled;
import io.omicsdropzone.local.LocalEnvironment;
import io.omicsdropzone.local.StandInsTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The repository's conditional writes against the DynamoDB stand-in: leases, take-over, monotonic batch status, the
 * sparse indexes behind the reconciler (open batches with poll rotation, stuck drops).
 */
class DynamoDbDropRepositoryTest extends StandInsTestBase {

    static final Duration LEASE = Duration.ofMinutes(15);
    static DynamoDbDropRepository drops;

    @BeforeAll
    static void repository() {
        drops = env.dropzone().drops();
    }

    private static DroppedObject object() {
        return new DroppedObject("bucket", "incoming/" + UUID.randomUUID() + ".json", "etag1", 10, null, null);
    }

    private static BatchObservation sighting(String batchId, String status, Instant at, Map<String, Long> counts) {
        return new BatchObservation(batchId, "arn:aws:omics:us-east-1:123456789012:runBatch/" + batchId, status, at,
                counts, null, null);
    }

    @Test
    void a_new_drop_is_claimed_and_a_second_claim_finds_it_busy() {
        DroppedObject object = object();
        Instant now = Instant.now();

        Claim first = drops.claim(object, "name", now, LEASE);
        Claim second = drops.claim(object, "name", now, LEASE);

        assertThat(first).isInstanceOf(Claimed.class);
        assertThat(first.drop().status()).isEqualTo(DropStatus.RECEIVED);
        assertThat(second).isInstanceOf(Busy.class);
    }

    @Test
    void an_expired_lease_is_taken_over_and_the_old_owner_can_no_longer_write() {
        DroppedObject object = object();
        Instant then = Instant.now().minus(Duration.ofHours(1));
        Drop crashed = drops.claim(object, "name", then, LEASE).drop();
        drops.markSubmitting(crashed, 3, then);

        Claim takeover = drops.claim(object, "name", Instant.now(), LEASE);

        assertThat(takeover).isInstanceOf(Claimed.class);
        assertThat(takeover.drop().status()).isEqualTo(DropStatus.SUBMITTING);
        assertThat(takeover.drop().leaseOwner()).isNotEqualTo(crashed.leaseOwner());
        assertThatThrownBy(() -> drops.recordFailed(crashed, List.of("late"), Instant.now()))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void a_released_drop_is_claimed_at_once_and_a_settled_one_is_reported_settled() {
        DroppedObject object = object();
        Drop drop = drops.claim(object, "name", Instant.now(), LEASE).drop();
        drops.releaseAfterRetryableError(drop, "ThrottlingException: Rate exceeded", Instant.now());

        Drop resumed = drops.claim(object, "name", Instant.now(), LEASE).drop();
        assertThat(resumed.attempts()).isEqualTo(1);
        assertThat(resumed.lastError()).isEqualTo("ThrottlingException: Rate exceeded");

        Drop submitted = drops.recordSubmitted(resumed, new StartedBatch("42", "arn:aws:omics:us-east-1:1:runBatch/42",
                "CREATING", "u"), Instant.now());
        drops.markNotified(submitted, Instant.now());

        assertThat(drops.claim(object, "name", Instant.now(), LEASE)).isInstanceOf(Settled.class);
        assertThat(drops.findByBatchId("42")).get().extracting(Drop::requestId).isEqualTo(object.requestId());
    }

    @Test
    void batch_status_only_moves_forward_and_same_status_only_with_newer_sightings() {
        DroppedObject object = object();
        Drop drop = drops.claim(object, "name", Instant.now(), LEASE).drop();
        String batchId = Long.toString(System.nanoTime() % 1_000_000_000L);
        drop = drops.recordSubmitted(drop, new StartedBatch(batchId, "arn", "CREATING", "u"), Instant.now());
        Instant t0 = Instant.parse("2026-11-23T08:00:00Z");

        // Callers pass the drop as last stored; counters merge onto it.
        Drop running = drops.applyObservation(drop, sighting(batchId, "INPROGRESS", t0,
                Map.of("runningRunCount", 2L, "totalRuns", 3L)), t0).orElseThrow();
        assertThat(drops.applyObservation(running, sighting(batchId, "PENDING", t0.plusSeconds(60), Map.of()), t0))
                .as("an earlier status arriving late").isEmpty();
        assertThat(drops.applyObservation(running, sighting(batchId, "INPROGRESS", t0.minusSeconds(1),
                Map.of("runningRunCount", 1L)), t0)).as("same status, older sighting").isEmpty();
        Drop newer = drops.applyObservation(running, sighting(batchId, "INPROGRESS", t0.plusSeconds(5),
                Map.of("runningRunCount", 3L)), t0).orElseThrow();
        Drop done = drops.applyObservation(newer, sighting(batchId, "PROCESSED", t0.plusSeconds(9),
                Map.of("completedRunCount", 3L, "runningRunCount", 0L)), t0).orElseThrow();

        assertThat(done.batchStatus()).isEqualTo("PROCESSED");
        assertThat(done.progress().counts()).containsEntry("totalRuns", 3L).containsEntry("runningRunCount", 0L)
                .containsEntry("completedRunCount", 3L);
        assertThat(drops.find(drop.requestId()).orElseThrow().progress().counts()).isEqualTo(done.progress().counts());
    }

    @Test
    void a_completion_notice_is_claimed_once_and_closing_leaves_the_open_index() {
        DroppedObject object = object();
        Drop drop = drops.claim(object, "name", Instant.now(), LEASE).drop();
        String batchId = Long.toString(System.nanoTime() % 1_000_000_000L + 1);
        drop = drops.recordSubmitted(drop, new StartedBatch(batchId, "arn", "CREATING", "u"), Instant.now());
        drops.markNotified(drop, Instant.now());
        assertThat(drops.openBatches(Instant.now().plusSeconds(1), 1000)).extracting(Drop::requestId)
                .contains(object.requestId());

        Drop announcing = drops.claimCompletionNotice(drop, Instant.now(), Duration.ofMinutes(2)).orElseThrow();
        assertThat(drops.claimCompletionNotice(drop, Instant.now(), Duration.ofMinutes(2))).isEmpty();
        drops.markCompletionNotified(announcing, Instant.now());

        assertThat(drops.claimCompletionNotice(drop, Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(2)))
                .as("announced already").isEmpty();
        assertThat(drops.openBatches(Instant.now().plusSeconds(1), 1000)).extracting(Drop::requestId)
                .doesNotContain(object.requestId());
    }

    @Test
    void an_unsettled_drop_is_in_the_stuck_index_until_its_outcome_is_notified() {
        DroppedObject object = object();
        Instant then = Instant.now().minus(Duration.ofHours(2));
        Drop drop = drops.claim(object, "name", then, LEASE).drop();
        Instant cutoff = Instant.now().minus(Duration.ofMinutes(30));

        assertThat(drops.stuckDrops(cutoff, 1000)).extracting(Drop::requestId).contains(object.requestId());
        assertThat(drops.stuckDrops(then, 1000)).as("updatedAt is not before the cutoff")
                .extracting(Drop::requestId).doesNotContain(object.requestId());

        Drop rejected = drops.recordRejected(drop, 0, List.of("bad"), 1, then);
        assertThat(drops.stuckDrops(cutoff, 1000)).as("terminal but unannounced is still open")
                .extracting(Drop::requestId).contains(object.requestId());
        drops.markNotified(rejected, then);
        assertThat(drops.stuckDrops(cutoff, 1000)).extracting(Drop::requestId).doesNotContain(object.requestId());
    }

    @Test
    void a_resume_is_requested_once_and_a_stuck_drop_is_taken_over_only_as_it_was_read() {
        DroppedObject object = object();
        Instant then = Instant.now().minus(Duration.ofHours(2));
        drops.claim(object, "name", then, LEASE);
        Drop seen = drops.stuckDrops(Instant.now().minus(Duration.ofMinutes(30)), 1000).stream()
                .filter(d -> d.requestId().equals(object.requestId())).findFirst().orElseThrow();

        assertThat(drops.markResumeRequested(seen, Instant.now())).isTrue();
        assertThat(drops.markResumeRequested(seen, Instant.now())).as("a second pass with the same read").isFalse();
        assertThat(drops.takeOverStuck(seen, Instant.now(), LEASE)).as("changed since it was read").isEmpty();

        Drop fresh = drops.find(object.requestId()).orElseThrow();
        Drop owned = drops.takeOverStuck(fresh, Instant.now(), LEASE).orElseThrow();
        assertThat(drops.takeOverStuck(fresh, Instant.now(), LEASE)).as("leased now").isEmpty();
        Drop failed = drops.recordGaveUp(owned, List.of("gave up"), Instant.now());
        assertThat(failed.status()).isEqualTo(DropStatus.FAILED);
        assertThat(failed.errors()).containsExactly("gave up");
    }

    @Test
    void a_polled_batch_leaves_the_open_batches_query_for_the_quiet_period_and_counts_failures() {
        DroppedObject object = object();
        Instant then = Instant.now().minus(Duration.ofHours(1));
        Drop drop = drops.claim(object, "name", then, LEASE).drop();
        String batchId = Long.toString(System.nanoTime() % 1_000_000_000L + 2);
        drop = drops.recordSubmitted(drop, new StartedBatch(batchId, "arn", "CREATING", "u"), then);
        drops.markNotified(drop, then);
        Instant quietBefore = Instant.now().minus(Duration.ofMinutes(5));
        assertThat(drops.openBatches(quietBefore, 1000)).extracting(Drop::requestId).contains(object.requestId());

        Drop once = drops.recordPoll(drops.find(object.requestId()).orElseThrow(), "InternalServerException: boom",
                Instant.now());
        Drop twice = drops.recordPoll(once, "InternalServerException: boom", Instant.now());

        assertThat(twice.progress().pollFailures()).isEqualTo(2);
        assertThat(twice.progress().lastPollError()).isEqualTo("InternalServerException: boom");
        assertThat(drops.openBatches(quietBefore, 1000)).extracting(Drop::requestId).doesNotContain(object.requestId());
        assertThat(drops.recordPoll(twice, null, Instant.now()).progress().pollFailures()).isZero();
        assertThat(drops.openBatches(Instant.now().plusSeconds(1), 1000)).extracting(Drop::requestId)
                .contains(object.requestId());
    }

    @Test
    void a_batch_not_found_is_recorded_under_the_completion_lease() {
        DroppedObject object = object();
        Drop drop = drops.claim(object, "name", Instant.now(), LEASE).drop();
        String batchId = Long.toString(System.nanoTime() % 1_000_000_000L + 3);
        drop = drops.recordSubmitted(drop, new StartedBatch(batchId, "arn", "CREATING", "u"), Instant.now());
        drops.markNotified(drop, Instant.now());
        Drop announcing = drops.claimCompletionNotice(drop, Instant.now(), Duration.ofMinutes(2)).orElseThrow();
        Drop beforeTheLease = drop;

        Drop closed = drops.recordBatchNotFound(announcing, "gone", Instant.now());
        drops.markCompletionNotified(closed, Instant.now());

        assertThat(closed.batchStatus()).isEqualTo(DynamoDbDropRepository.NOT_FOUND);
        assertThat(closed.progress().failureMessage()).isEqualTo("gone");
        assertThat(drops.openBatches(Instant.now().plusSeconds(1), 1000)).extracting(Drop::requestId)
                .doesNotContain(object.requestId());
        assertThatThrownBy(() -> drops.recordBatchNotFound(beforeTheLease, "late", Instant.now()))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void a_claim_whose_answer_was_lost_is_still_ours_on_the_sdk_retry() {
        DroppedObject object = object();
        env.standIns().dynamoDbFaults().inject(io.omicsdropzone.local.standins.faults.FaultRule.on("PutItem")
                .dropResponse().times(1)); // the item is written, the answer never arrives
        try {
            Claim claim = drops.claim(object, "name", Instant.now(), LEASE);

            assertThat(claim).isInstanceOf(Claimed.class);
            assertThat(env.standIns().dynamoDbFaults().injectedTotal()).isEqualTo(1);
            assertThat(drops.claim(object, "name", Instant.now(), LEASE)).as("a second delivery").isInstanceOf(Busy.class);
        } finally {
            env.standIns().resetFaults();
        }
    }

    // ---- content items (issue 17, gap 1) -------------------------------------------------------------------

    private static final String SHA = "ab".repeat(32);

    /** Drops of one key with other ETags (SSE-KMS, multipart): other requestIds, the same content. */
    private static DroppedObject sameKey(DroppedObject first, String etag) {
        return new DroppedObject(first.bucket(), first.key(), etag, first.size(), null, null);
    }

    @Test
    void of_eight_concurrent_drops_with_the_same_content_and_key_exactly_one_holds_it() throws Exception {
        DroppedObject first = object();
        List<Drop> claimed = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            claimed.add(drops.claim(sameKey(first, "etag-" + i), "name", Instant.now(), LEASE).drop());
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> holders = new java.util.ArrayList<>();
        try {
            for (Drop drop : claimed) {
                holders.add(pool.submit(() -> {
                    start.await();
                    return drops.claimContent(drop, SHA, Instant.now());
                }));
            }
            start.countDown();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (java.util.concurrent.Future<String> holder : holders) {
                seen.add(holder.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(seen).singleElement().isIn(claimed.stream().map(Drop::requestId).toList());
        } finally {
            pool.shutdownNow();
        }
        // Another key with the same bytes is other content.
        Drop elsewhere = drops.claim(object(), "name", Instant.now(), LEASE).drop();
        assertThat(drops.claimContent(elsewhere, SHA, Instant.now())).isEqualTo(elsewhere.requestId());
    }

    @Test
    void a_content_claim_whose_answer_was_lost_is_still_held_by_the_drop_on_the_sdk_retry() {
        Drop drop = drops.claim(object(), "name", Instant.now(), LEASE).drop();
        env.standIns().dynamoDbFaults().inject(io.omicsdropzone.local.standins.faults.FaultRule.on("PutItem")
                .dropResponse().times(1));
        try {
            assertThat(drops.claimContent(drop, SHA, Instant.now())).isEqualTo(drop.requestId());
            assertThat(env.standIns().dynamoDbFaults().injectedTotal()).isEqualTo(1);
        } finally {
            env.standIns().resetFaults();
        }
    }

    @Test
    void content_moves_only_from_the_holder_it_was_read_from_and_items_record_the_outcome() {
        DroppedObject first = object();
        Drop holder = drops.claim(first, "name", Instant.now(), LEASE).drop();
        Drop second = drops.claim(sameKey(first, "etag-2"), "name", Instant.now(), LEASE).drop();
        Drop third = drops.claim(sameKey(first, "etag-3"), "name", Instant.now(), LEASE).drop();
        drops.claimContent(holder, SHA, Instant.now());

        assertThat(drops.takeOverContent(second, SHA, holder.requestId(), Instant.now())).isTrue();
        assertThat(drops.takeOverContent(third, SHA, holder.requestId(), Instant.now())).as("moved already").isFalse();
        assertThat(drops.claimContent(third, SHA, Instant.now())).isEqualTo(second.requestId());

        Drop held = drops.recordContent(second, SHA, Instant.now());
        Drop duplicate = drops.recordDuplicate(third, SHA, second.requestId(), Instant.now());
        assertThat(held.content().sha256()).isEqualTo(SHA);
        assertThat(drops.find(third.requestId()).orElseThrow()).satisfies(found -> {
            assertThat(found.status()).isEqualTo(DropStatus.DUPLICATE);
            assertThat(found.status().terminal()).isTrue();
            assertThat(found.content().duplicateOf()).isEqualTo(second.requestId());
            assertThat(found.content().sha256()).isEqualTo(SHA);
        });
        assertThat(duplicate.status()).isEqualTo(DropStatus.DUPLICATE);
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = env.clients().dynamoDb()
                .getItem(b -> b.tableName(LocalEnvironment.TABLE).consistentRead(true).key(Map.of("requestId",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(third.requestId())))).item();
        assertThat(item.get("duplicateOf").s()).isEqualTo(second.requestId());
        assertThat(item.get("contentSha256").s()).isEqualTo(SHA);
        // Content items are bookkeeping: never listed as drops, never in the stuck-drops index.
        assertThat(drops.listAll()).extracting(Drop::requestId).noneMatch(id -> id.startsWith("content#"));
        assertThat(drops.stuckDrops(Instant.now().plus(Duration.ofDays(1)), 10_000)).extracting(Drop::requestId)
                .noneMatch(id -> id.startsWith("content#"));
    }

    @Test
    void a_re_upload_drop_is_claimed_once_under_its_own_requestId_and_linked_to_the_rejected_one() {
        DroppedObject object = object();
        String requestId = "f".repeat(64);

        Claim first = drops.claimReupload(object, requestId, object.requestId(), "name", Instant.now(), LEASE);
        Claim second = drops.claimReupload(object, requestId, object.requestId(), "name", Instant.now(), LEASE);

        assertThat(first).isInstanceOf(Claimed.class);
        assertThat(first.drop().requestId()).isEqualTo(requestId);
        assertThat(first.drop().content().reuploadOf()).isEqualTo(object.requestId());
        assertThat(first.drop().object()).isEqualTo(object);
        assertThat(second).isInstanceOf(Busy.class);
    }
}
