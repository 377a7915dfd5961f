package io.omicsdropzone.domain.tracking;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropBusyException;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.batch.BatchDetails;
import io.omicsdropzone.domain.batch.RunBatchApi;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.notification.Notifier;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * No drop is FAILED while a batch created for its requestId exists. Before a drop that reached SUBMITTING is given
 * up, and before a FAILED drop is re-driven, {@link BatchFinder} looks for its batch; a batch found makes the drop
 * SUBMITTED with it, tracked like any batch and announced once with {@code BatchSubmitted} (which names the
 * {@code SubmissionFailed} it supersedes, when one was announced).
 */
public final class FoundBatches {

    private static final Logger LOG = LoggerFactory.getLogger(FoundBatches.class);

    private final TrackingRepository drops;
    private final BatchFinder finder;
    private final Notifier notifier;
    private final Disclosure disclosure;
    private final Clock clock;
    private final Duration lease;

    public FoundBatches(TrackingRepository drops, RunBatchApi omics, Notifier notifier, Disclosure disclosure,
                        Clock clock, Duration lease) {
        this.drops = drops;
        this.finder = new BatchFinder(omics);
        this.notifier = notifier;
        this.disclosure = disclosure;
        this.clock = clock;
        this.lease = lease;
    }

    /**
     * Under the caller's lease on an unsettled drop: when its batch exists, records and announces it and returns
     * the drop as SUBMITTED; empty when HealthOmics has no batch for it.
     */
    public Optional<Drop> settleIfFound(Drop owned) {
        Optional<BatchDetails> batch = finder.find(owned);
        if (batch.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(record(owned, batch.get(), null));
    }

    /**
     * A FAILED drop whose batch exists after all is corrected to SUBMITTED. Empty when HealthOmics has no batch for
     * it; the corrected drop otherwise (also when a concurrent call corrected it first).
     *
     * @throws DropBusyException when another invocation holds the drop's lease
     */
    public Optional<Drop> correctFailed(Drop failed) {
        Optional<BatchDetails> batch = finder.find(failed);
        if (batch.isEmpty()) {
            return Optional.empty();
        }
        Optional<Drop> owned = drops.takeOverFailed(failed, clock.instant(), lease);
        if (owned.isEmpty()) {
            Drop current = drops.find(failed.requestId()).orElse(failed);
            if (current.status() == DropStatus.SUBMITTED) {
                return Optional.of(current);
            }
            throw new DropBusyException(failed.requestId());
        }
        String supersedes = failed.notifiedAt() == null ? null
                : Notification.outcomeId(Notification.SUBMISSION_FAILED, failed.requestId());
        return Optional.of(record(owned.get(), batch.get(), supersedes));
    }

    private Drop record(Drop owned, BatchDetails batch, String supersedes) {
        Drop submitted = drops.recordBatchFound(owned, batch.started(), supersedes, clock.instant());
        submitted = drops.applyObservation(submitted, batch.observation(), clock.instant()).orElse(submitted);
        LOG.warn("found: batch {} exists for requestId={} ({}); recorded as SUBMITTED{}", batch.observation().batchId(),
                owned.requestId(), owned.status(), supersedes == null ? "" : ", superseding " + supersedes);
        // If publishing fails, the drop stays open (no notifiedAt) and the sweep announces it.
        notifier.publish(Notification.outcomeOf(submitted, disclosure));
        drops.markNotified(submitted, clock.instant());
        return submitted;
    }
}
