package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropBusyException;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchNaming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Step 2: takes the lease on the event's drop, so one delivery works on it at a time. While another invocation holds
 * it, waits (100 ms doubling to 2 s) until the deadline, then hands the event back to Lambda's retry. A settled drop
 * is the same upload delivered again (nothing to do) or another upload of the same bytes: a REJECTED one is
 * validated again as a new drop linked to it (the inputs pre-flight missed may exist now), any other is announced
 * once as a duplicate.
 */
final class ClaimDrop {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimDrop.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(100);
    private static final Duration MAX_WAIT = Duration.ofSeconds(2);

    /** What claiming the event's drop came to. */
    sealed interface Result {
        Drop drop();
    }

    /** This invocation holds the lease: continue from {@code drop.status()}. */
    record Owned(Drop drop) implements Result {
    }

    /** The same upload again, already settled: nothing to do. */
    record AlreadySettled(Drop drop) implements Result {
    }

    /** Another upload of bytes {@code drop} (settled, not REJECTED) already holds: announce it, start nothing. */
    record IdenticalReupload(Drop drop) implements Result {
    }

    private final SubmitRepository drops;
    private final Disclosure disclosure;
    private final Clock clock;
    private final Duration lease;
    private final SubmitDrop.Sleeper sleeper;

    ClaimDrop(SubmitRepository drops, Disclosure disclosure, Clock clock, Duration lease, SubmitDrop.Sleeper sleeper) {
        this.drops = drops;
        this.disclosure = disclosure;
        this.clock = clock;
        this.lease = lease;
        this.sleeper = sleeper;
    }

    /** @throws DropBusyException when another invocation still holds the drop at the deadline */
    Result claim(DroppedObject object, Instant deadline) {
        String batchName = BatchNaming.batchName(object, disclosure);
        return claimWaiting(object, deadline, () -> drops.claim(object, batchName, clock.instant(), lease));
    }

    private Result claimWaiting(DroppedObject object, Instant deadline, Supplier<SubmitRepository.Claim> claimer) {
        Duration wait = FIRST_WAIT;
        while (true) {
            SubmitRepository.Claim claim = claimer.get();
            if (claim instanceof SubmitRepository.Claimed claimed) {
                return new Owned(claimed.drop());
            }
            if (claim instanceof SubmitRepository.Settled settled) {
                return settledAlready(settled.drop(), object, deadline);
            }
            if (clock.instant().plus(wait).isAfter(deadline)) {
                throw new DropBusyException(claim.drop().requestId());
            }
            pause(wait);
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
    }

    /**
     * The event's drop is settled. The same upload again: nothing to do. Another upload of the same bytes (same ETag):
     * a REJECTED drop is validated again from scratch as a new drop linked to it; any other outcome is announced as
     * a duplicate of the drop that holds the content.
     */
    private Result settledAlready(Drop existing, DroppedObject object, Instant deadline) {
        if (!DuplicateUpload.isNewUpload(existing, object)) {
            LOG.info("duplicate delivery: requestId={} already {}", existing.requestId(), existing.status());
            return new AlreadySettled(existing);
        }
        Drop original = existing;
        if (existing.status() == DropStatus.DUPLICATE && existing.content().duplicateOf() != null) {
            original = drops.find(existing.content().duplicateOf()).orElse(existing);
        }
        if (original.status() == DropStatus.REJECTED) {
            String rejected = original.requestId();
            String requestId = DuplicateUpload.reuploadRequestId(rejected, DuplicateUpload.uploadId(object));
            LOG.info("re-upload of a rejected drop: requestId={} validates it again as {}", rejected, requestId);
            String batchName = existing.batchName();
            return claimWaiting(object, deadline, () -> drops.claimReupload(object, requestId, rejected, batchName,
                    clock.instant(), lease));
        }
        return new IdenticalReupload(original);
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another invocation", e);
        }
    }
}
