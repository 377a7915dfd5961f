package io.omicsdropzone.domain.submission;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropBusyException;
import io.omicsdropzone.domain.DropResult;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.DroppedObject;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.RunBatchApi;
import io.omicsdropzone.domain.notification.Notifier;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.domain.preflight.PreflightPlanner;
import io.omicsdropzone.domain.snapshot.Snapshots;
import io.omicsdropzone.spool.Spool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The use case: one dropped object becomes exactly one terminal, notified outcome — a submitted batch, a rejected
 * file or a failed submission — however often and however concurrently its event is delivered. In steps: route,
 * claim, read and check, snapshot, submit, record, announce.
 *
 * <p>Safe under at-least-once delivery because (1) a lease in the repository lets one delivery work at a time,
 * (2) the requestId derived from bucket/key/ETag makes a resumed StartRunBatch return the same batch, and (3) the
 * notification is marked published only after SNS accepted it, so a failed publish is retried, never lost (and may
 * be published twice: subscribers drop repeats by {@code notificationId}).
 */
public final class SubmitDrop {

    /** Waits between lease checks; replaceable so tests need not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The ports the submit path works through. */
    public record Ports(SubmitRepository drops, RunSettingsStore store, Snapshots snapshots, RunBatchApi omics,
                        Notifier notifier, Spool spool) {
    }

    private final SubmitRepository drops;
    private final Disclosure disclosure;
    private final Clock clock;
    private final RouteDrop route;
    private final ClaimDrop claim;
    private final ReadAndCheck check;
    private final TakeSnapshot snapshot;
    private final StartBatch start;
    private final RecordOutcome record;
    private final AnnounceOutcome announce;

    /**
     * @param pipelines every dropped key is routed to the pipeline with the longest prefix it starts with; a key under
     *                  none is REJECTED
     * @param preflight plans the workflow and input checks run during validation; null: offline checks only
     * @param lease     how long one invocation owns a drop
     */
    public SubmitDrop(Ports ports, Pipelines pipelines, Disclosure disclosure, PreflightPlanner preflight, Clock clock,
                      Duration lease, Sleeper sleeper) {
        this.drops = ports.drops();
        this.disclosure = disclosure;
        this.clock = clock;
        this.route = new RouteDrop(pipelines, ports.snapshots());
        this.claim = new ClaimDrop(drops, disclosure, clock, lease, sleeper);
        this.check = new ReadAndCheck(ports.store(), ports.snapshots().prefix(), preflight, ports.spool(),
                new IdenticalContent(drops, clock, sleeper), disclosure, clock);
        this.snapshot = new TakeSnapshot(drops, ports.snapshots(), ports.store(), disclosure, clock);
        this.start = new StartBatch(ports.omics(), pipelines, disclosure);
        this.record = new RecordOutcome(drops, clock);
        this.announce = new AnnounceOutcome(drops, ports.notifier(), disclosure, clock);
    }

    /**
     * @param deadline when this invocation must stop working on the drop: waiting for another invocation's lease
     *                 and validation both give up there (Lambda's remaining time less a safety margin)
     * @throws DropBusyException     when another invocation still owns the drop at the deadline
     * @throws BatchApiException     when HealthOmics failed in a retryable way (after the client's retries)
     * @throws RuntimeException      for other infrastructure failures and deadline stops; the drop records the
     *                               attempt and its error, and a retry or the reconciler's sweep resumes it
     */
    public DropResult handle(DroppedObject object, Instant deadline) {
        if (!route.accepts(object)) {
            return new DropResult(DropResult.Action.IGNORED, null);
        }
        ClaimDrop.Result claimed = claim.claim(object, deadline);
        if (claimed instanceof ClaimDrop.Owned owned) {
            Drop settled = process(owned.drop(), deadline);
            return new DropResult(settled.status() == DropStatus.DUPLICATE ? DropResult.Action.DUPLICATE
                    : DropResult.Action.PROCESSED, settled);
        }
        if (claimed instanceof ClaimDrop.IdenticalReupload reupload) {
            return announce.identicalReupload(reupload.drop(), object);
        }
        return new DropResult(DropResult.Action.ALREADY_SETTLED, claimed.drop());
    }

    /** Finishes a drop claimed elsewhere (the one resume path, by requestId: {@link ResumeDrop}). */
    public Drop resume(Drop claimed, Instant deadline) {
        return process(claimed, deadline);
    }

    /** A claimed drop, through the remaining steps to its announced outcome. */
    private Drop process(Drop drop, Instant deadline) {
        try {
            return announce.announce(drop.status().terminal() ? drop : submit(drop, deadline));
        } catch (RuntimeException e) {
            // Whatever state was recorded stays; giving the lease back lets the retry resume right away.
            releaseQuietly(drop, e);
            throw e;
        }
    }

    private Drop submit(Drop claimed, Instant deadline) {
        RouteDrop.Routed routed = route.route(claimed);
        if (routed.ends() != null) {
            return record.record(claimed, routed.ends());
        }
        try (ReadAndCheck.Checked checked = check.check(routed.drop(), routed.pipeline(), deadline)) {
            if (checked.ends() != null) {
                return record.record(checked.drop(), checked.ends());
            }
            TakeSnapshot.Taken taken = snapshot.take(checked);
            if (taken.ends() != null) {
                return record.record(checked.drop(), taken.ends());
            }
            return record.record(taken.drop(), start.start(taken.drop(), routed.pipeline()));
        }
    }

    private void releaseQuietly(Drop drop, RuntimeException cause) {
        try {
            String error = cause instanceof BatchApiException service ? service.describe(disclosure)
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            drops.releaseAfterRetryableError(drop, error, clock.instant());
        } catch (RuntimeException releaseFailure) {
            cause.addSuppressed(releaseFailure);
        }
    }

    /** Validation could not finish before the invocation's deadline; the attempt is recorded with how far it got. */
    public static final class ValidationTimeoutException extends RuntimeException {
        ValidationTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
