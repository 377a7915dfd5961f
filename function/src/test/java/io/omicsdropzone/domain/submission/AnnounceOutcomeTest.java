package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.StartedBatch;
import io.omicsdropzone.domain.notification.Notification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Step 7 alone: one outcome notification per drop, marked published only once SNS took it. */
class AnnounceOutcomeTest {

    final Steps steps = new Steps();
    final AnnounceOutcome announce = new AnnounceOutcome(steps.drops, steps.notifier, Disclosure.FULL, steps.clock);
    final DroppedObject object = steps.put("incoming/cohort.json", Steps.VALID, "upload-1");

    Drop submitted() {
        return steps.drops.recordSubmitted(steps.claimed(object), new StartedBatch("7000001", "arn", "CREATING",
                "uuid"), steps.clock.instant());
    }

    @Test
    void a_settled_drop_is_published_once_then_marked_notified_which_releases_it() {
        Drop submitted = submitted();

        announce.announce(submitted);

        assertThat(steps.notifier.published).singleElement().satisfies(notification -> {
            assertThat(notification.type()).isEqualTo(Notification.BATCH_SUBMITTED);
            assertThat(notification.notificationId()).isEqualTo(Notification.outcomeId(Notification.BATCH_SUBMITTED,
                    submitted.requestId()));
        });
        Drop stored = steps.drops.get(submitted.requestId());
        assertThat(stored.settled()).isTrue();
        assertThat(stored.leasedAt(steps.clock.instant())).isFalse();
        assertThat(steps.drops.inOpenDrops(submitted.requestId())).isFalse();
    }

    @Test
    void a_publish_that_fails_leaves_the_drop_unnotified_and_the_next_attempt_publishes_the_same_id() {
        Drop rejected = steps.drops.recordRejected(steps.claimed(object), 0, List.of("no"), 1, steps.clock.instant());
        steps.notifier.failNext(new IllegalStateException("SNS unavailable"));

        assertThatThrownBy(() -> announce.announce(rejected)).hasMessage("SNS unavailable");
        assertThat(steps.drops.get(rejected.requestId()).settled()).isFalse();

        announce.announce(rejected);
        assertThat(steps.notifier.published).singleElement().satisfies(notification -> assertThat(
                notification.notificationId()).isEqualTo(Notification.outcomeId(Notification.FILE_REJECTED,
                rejected.requestId())));
        assertThat(steps.drops.get(rejected.requestId()).settled()).isTrue();
    }

    @Test
    void a_duplicate_names_the_holder_and_is_remembered_on_it() {
        Drop holder = submitted();
        DroppedObject other = new DroppedObject(Steps.BUCKET, object.key(), "other-etag", object.size(), null,
                "upload-2");
        Drop duplicate = steps.drops.recordDuplicate(steps.claimed(other), "ab12", holder.requestId(),
                steps.clock.instant());

        announce.announce(duplicate);

        assertThat(steps.notifier.published).singleElement().satisfies(notification -> {
            assertThat(notification.type()).isEqualTo(Notification.DUPLICATE_FILE);
            assertThat(notification.notificationId()).isEqualTo("DuplicateFile:" + holder.requestId() + ":upload-2");
            assertThat(notification.body()).containsEntry("duplicateRequestId", duplicate.requestId());
        });
        assertThat(steps.drops.get(holder.requestId()).duplicateUploads()).containsExactly("upload-2");
        assertThat(steps.drops.get(duplicate.requestId()).settled()).isTrue();
    }

    @Test
    void an_identical_reupload_is_announced_once_per_upload() {
        Drop holder = submitted();
        steps.drops.markNotified(holder, steps.clock.instant());
        DroppedObject reupload = new DroppedObject(Steps.BUCKET, object.key(), object.etag(), object.size(), null,
                "upload-2");

        DropResult first = announce.identicalReupload(steps.drops.get(holder.requestId()), reupload);
        DropResult again = announce.identicalReupload(steps.drops.get(holder.requestId()), reupload);

        assertThat(first.action()).isEqualTo(DropResult.Action.DUPLICATE);
        assertThat(again.action()).isEqualTo(DropResult.Action.ALREADY_SETTLED);
        assertThat(steps.notifier.types()).containsExactly(Notification.DUPLICATE_FILE);
    }
}
