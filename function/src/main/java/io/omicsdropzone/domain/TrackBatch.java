package io.omicsdropzone.domain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Applies batch sightings (status change events, GetBatch polls) to drops and announces each batch's terminal
 * state exactly once. Stale and duplicate sightings are refused by the repository's monotonic update; the
 * announcement is guarded by a lease and recorded only after SNS accepted it, so a failure is retried, never lost.
 */
public final class TrackBatch {

    private static final Logger LOG = LoggerFactory.getLogger(TrackBatch.class);
    /** Failed submissions listed in a completion message (the rest are counted). */
    static final int FAILED_RUNS_IN_MESSAGE = 10;

    private final DropRepository drops;
    private final RunBatchApi omics;
    private final Notifier notifier;
    private final Clock clock;
    private final Duration lease;

    public TrackBatch(DropRepository drops, RunBatchApi omics, Notifier notifier, Clock clock, Duration lease) {
        this.drops = drops;
        this.omics = omics;
        this.notifier = notifier;
        this.clock = clock;
        this.lease = lease;
    }

    /** What a sighting did. */
    public enum Outcome {
        /** Not a batch this dropzone submitted (other batches in the account share the event bus). */
        UNKNOWN_BATCH,
        /** Recorded; the batch is still running. */
        UPDATED,
        /** Older than what is recorded, or a repeat; nothing changed. */
        STALE,
        /** The terminal state was announced by this call. */
        ANNOUNCED,
        /** Terminal, and announced before (or by a concurrent call). */
        ALREADY_ANNOUNCED
    }

    public Outcome apply(BatchObservation observation) {
        Optional<Drop> drop = drops.findByBatchId(observation.batchId());
        if (drop.isEmpty()) {
            LOG.info("ignored: batch {} was not submitted by this dropzone", observation.batchId());
            return Outcome.UNKNOWN_BATCH;
        }
        return applyTo(drop.get(), observation);
    }

    public Outcome applyTo(Drop drop, BatchObservation observation) {
        Optional<Drop> updated = drops.applyObservation(drop, observation, clock.instant());
        Drop current = updated.orElse(drop);
        LOG.info("batch {} of requestId={} is {} ({})", observation.batchId(), drop.requestId(), current.batchStatus(),
                updated.isPresent() ? "recorded" : "stale");
        if (!BatchStatusOrder.terminal(current.batchStatus())) {
            return updated.isPresent() ? Outcome.UPDATED : Outcome.STALE;
        }
        return announce(current);
    }

    private Outcome announce(Drop drop) {
        if (drop.progress().completionNotifiedAt() != null) {
            return Outcome.ALREADY_ANNOUNCED;
        }
        Optional<Drop> claimed = drops.claimCompletionNotice(drop, clock.instant(), lease);
        if (claimed.isEmpty()) {
            return Outcome.ALREADY_ANNOUNCED;
        }
        Drop owned = claimed.get();
        try {
            String type = BatchStatusOrder.completionType(owned.batchStatus());
            if (type == null) {
                // RUNS_DELETING/RUNS_DELETED seen before the outcome: nothing truthful left to announce.
                LOG.warn("batch {} reached {} before its outcome was seen; closing without a message",
                        owned.batchId(), owned.batchStatus());
            } else {
                BatchObservation details = omics.getBatch(owned.batchId());
                Drop withDetails = drops.applyObservation(owned, details, clock.instant()).orElse(owned);
                List<BatchRun> failed = details.counts().getOrDefault("failedStartSubmissionCount", 0L) > 0
                        ? omics.listRunsInBatch(owned.batchId(), "FAILED", FAILED_RUNS_IN_MESSAGE, null).runs()
                        : List.of();
                notifier.publish(Notification.completionOf(type, withDetails, details, failed, Disclosure.FULL));
                LOG.info("announced: {} batch {} requestId={}", type, owned.batchId(), owned.requestId());
            }
            drops.markCompletionNotified(owned, clock.instant());
            return Outcome.ANNOUNCED;
        } catch (RuntimeException e) {
            try {
                drops.releaseAfterRetryableError(owned, "announcing " + owned.batchStatus() + ": " + e, clock.instant());
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure);
            }
            throw e;
        }
    }
}
