package io.omicsdropzone.aws;

import io.omicsdropzone.domain.BatchObservation;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.SubmitRepository.Busy;
import io.omicsdropzone.domain.SubmitRepository.Claim;
import io.omicsdropzone.domain.SubmitRepository.Claimed;
import io.omicsdropzone.domain.SubmitRepository.LeaseLostException;
import io.omicsdropzone.domain.SubmitRepository.Settled;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.StartedBatch;
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

/** The repository's conditional writes against DynamoDB Local: leases, take-over, monotonic batch status. */
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
}
