package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropBusyException;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.StartedBatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Step 2 alone: one delivery at a time holds a drop; settled drops and identical re-uploads are told apart. */
class ClaimDropTest {

    final Steps steps = new Steps();
    final ClaimDrop claim = new ClaimDrop(steps.drops, Disclosure.FULL, steps.clock, Steps.LEASE, steps.sleeper);
    final DroppedObject object = steps.put("incoming/cohort-42.json", Steps.VALID, "upload-1");

    @Test
    void the_first_delivery_creates_the_drop_and_holds_its_lease() {
        ClaimDrop.Result result = claim.claim(object, steps.deadline());

        assertThat(result).isInstanceOf(ClaimDrop.Owned.class);
        Drop stored = steps.drops.get(object.requestId());
        assertThat(stored).isEqualTo(result.drop());
        assertThat(stored.status()).isEqualTo(DropStatus.RECEIVED);
        assertThat(stored.batchName()).isEqualTo("cohort-42");
        assertThat(stored.leasedAt(steps.clock.instant())).isTrue();
        assertThat(steps.sleeps).isEmpty();
    }

    @Test
    void a_second_delivery_waits_doubling_its_pauses_and_gives_up_at_the_deadline() {
        claim.claim(object, steps.deadline());

        assertThatThrownBy(() -> claim.claim(object, steps.clock.instant().plusSeconds(3)))
                .isInstanceOf(DropBusyException.class).hasMessageContaining(object.requestId());
        assertThat(steps.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void a_second_delivery_takes_over_once_the_holder_gives_the_lease_back() {
        Drop held = claim.claim(object, steps.deadline()).drop();
        ClaimDrop waiting = new ClaimDrop(steps.drops, Disclosure.FULL, steps.clock, Steps.LEASE, wait -> {
            steps.sleeps.add(wait);
            steps.drops.releaseAfterRetryableError(held, "ThrottlingException", steps.clock.instant());
        });

        ClaimDrop.Result result = waiting.claim(object, steps.deadline());

        assertThat(result).isInstanceOf(ClaimDrop.Owned.class);
        assertThat(result.drop().leaseOwner()).isNotEqualTo(held.leaseOwner());
        assertThat(steps.sleeps).hasSize(1);
    }

    @Test
    void the_same_upload_delivered_again_after_it_settled_is_already_settled() {
        settle(claim.claim(object, steps.deadline()).drop(), DropStatus.SUBMITTED);

        ClaimDrop.Result again = claim.claim(object, steps.deadline());

        assertThat(again).isInstanceOf(ClaimDrop.AlreadySettled.class);
        assertThat(again.drop().status()).isEqualTo(DropStatus.SUBMITTED);
        assertThat(steps.drops.listAll()).hasSize(1);
    }

    @Test
    void another_upload_of_a_submitted_drops_bytes_is_an_identical_reupload_of_it() {
        Drop submitted = settle(claim.claim(object, steps.deadline()).drop(), DropStatus.SUBMITTED);
        DroppedObject reupload = new DroppedObject(object.bucket(), object.key(), object.etag(), object.size(), null,
                "upload-2");

        ClaimDrop.Result result = claim.claim(reupload, steps.deadline());

        assertThat(result).isInstanceOf(ClaimDrop.IdenticalReupload.class);
        assertThat(result.drop().requestId()).isEqualTo(submitted.requestId());
        assertThat(steps.drops.listAll()).hasSize(1); // no new drop
    }

    @Test
    void another_upload_of_a_rejected_drops_bytes_is_a_new_drop_validated_again_once() {
        Drop rejected = settle(claim.claim(object, steps.deadline()).drop(), DropStatus.REJECTED);
        DroppedObject reupload = new DroppedObject(object.bucket(), object.key(), object.etag(), object.size(), null,
                "upload-2");

        ClaimDrop.Result first = claim.claim(reupload, steps.deadline());
        steps.clock.advance(Steps.LEASE.plusSeconds(1)); // the first delivery crashed: its lease ran out
        ClaimDrop.Result second = claim.claim(reupload, steps.deadline());

        assertThat(first).isInstanceOf(ClaimDrop.Owned.class);
        assertThat(first.drop().requestId()).isEqualTo(DuplicateUpload.reuploadRequestId(rejected.requestId(),
                "upload-2"));
        assertThat(first.drop().content().reuploadOf()).isEqualTo(rejected.requestId());
        assertThat(second).isInstanceOf(ClaimDrop.Owned.class);
        assertThat(second.drop().requestId()).isEqualTo(first.drop().requestId()); // the same new drop
        assertThat(steps.drops.listAll()).hasSize(2);
    }

    private Drop settle(Drop owned, DropStatus status) {
        Drop settled = status == DropStatus.REJECTED
                ? steps.drops.recordRejected(owned, 0, List.of("no"), 1, steps.clock.instant())
                : steps.drops.recordSubmitted(owned, new StartedBatch("7000001", "arn", "CREATING", "uuid"),
                steps.clock.instant());
        steps.drops.markNotified(settled, steps.clock.instant());
        return steps.drops.get(owned.requestId());
    }
}
