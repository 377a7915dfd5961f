package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.notification.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * Step 7: publishes the settled drop's one outcome notification, then marks it published (which releases the lease).
 * Published before it is marked: a failure in between publishes again on the next delivery with the same
 * {@code notificationId}, which subscribers use to drop repeats; nothing is lost.
 */
final class AnnounceOutcome {

    private static final Logger LOG = LoggerFactory.getLogger(AnnounceOutcome.class);

    private final SubmitRepository drops;
    private final Notifier notifier;
    private final Disclosure disclosure;
    private final Clock clock;
    private final DuplicateUpload duplicateUploads;

    AnnounceOutcome(SubmitRepository drops, Notifier notifier, Disclosure disclosure, Clock clock) {
        this.drops = drops;
        this.notifier = notifier;
        this.disclosure = disclosure;
        this.clock = clock;
        this.duplicateUploads = new DuplicateUpload(drops, notifier, disclosure, clock);
    }

    /** @return the drop, announced */
    Drop announce(Drop settled) {
        notifier.publish(outcomeOf(settled));
        drops.markNotified(settled, clock.instant());
        LOG.info("settled: requestId={} status={} batchId={} runCount={}", settled.requestId(), settled.status(),
                settled.batchId(), settled.runCount());
        return settled;
    }

    /** Another upload of bytes {@code holder} already holds: one DuplicateFile per upload, no batch. */
    DropResult identicalReupload(Drop holder, DroppedObject upload) {
        return duplicateUploads.announce(holder, upload);
    }

    /** A DUPLICATE names the drop holding the content, as it is now; the others speak for themselves. */
    private Notification outcomeOf(Drop settled) {
        if (settled.status() == DropStatus.DUPLICATE) {
            Optional<Drop> original = drops.find(settled.content().duplicateOf());
            if (original.isPresent()) {
                drops.recordDuplicateUpload(original.get(), DuplicateUpload.uploadIdOrRequestId(settled),
                        clock.instant());
                return Notification.duplicateContent(settled, original.get(), disclosure);
            }
        }
        return Notification.outcomeOf(settled, disclosure);
    }
}
