package io.omicsdropzone.domain.tracking;

import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.DropStatus;
import io.omicsdropzone.domain.batch.RunBatchApi;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.notification.Notifier;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reconciler's second job: no drop stays unsettled forever. A crash, a Lambda timeout or retries that ran out
 * while a dependency was down leave a drop RECEIVED or SUBMITTING (or settled but unannounced). Such a drop, found
 * through the sparse {@code openDrops} index (never a scan) once its lease ended and it was not updated for
 * {@code stuckAfter}, is resumed through the submit path. One still unsettled {@code giveUpAfter} after it was
 * received is failed for good in that pass, with its last error and one {@code SubmissionFailed} notification, unless
 * it reached SUBMITTING and HealthOmics has a batch for its requestId ({@link FoundBatches}): then it is SUBMITTED
 * with that batch. Every resume goes by requestId ({@link DropResumer}), so re-drives resume like dropped files.
 */
public final class SweepStuckDrops {

    private static final Logger LOG = LoggerFactory.getLogger(SweepStuckDrops.class);

    private final TrackingRepository drops;
    private final DropResumer resumer;
    private final Notifier notifier;
    private final Disclosure disclosure;
    private final Clock clock;
    private final Duration stuckAfter;
    private final Duration giveUpAfter;
    private final Duration lease;
    private final FoundBatches found;

    /** @param omics asked (ListBatch, GetBatch; never StartRunBatch) whether a drop about to be given up has a batch */
    public SweepStuckDrops(TrackingRepository drops, DropResumer resumer, Notifier notifier, Disclosure disclosure,
                           Clock clock, Duration stuckAfter, Duration giveUpAfter, Duration lease, RunBatchApi omics) {
        this.found = new FoundBatches(drops, omics, notifier, disclosure, clock, lease);
        this.drops = drops;
        this.resumer = resumer;
        this.notifier = notifier;
        this.disclosure = disclosure;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
        this.giveUpAfter = giveUpAfter;
        this.lease = lease;
    }

    /**
     * How one sweep went; {@code errors} names the drops whose resume or give-up failed; {@code batchesFound} counts
     * drops due to be given up whose batch HealthOmics had (recorded SUBMITTED instead).
     */
    public record Summary(int examined, int resumed, int gaveUp, int skipped, List<String> errors, int batchesFound) {
        public Summary {
            errors = List.copyOf(errors);
        }

        public Summary(int examined, int resumed, int gaveUp, int skipped, List<String> errors) {
            this(examined, resumed, gaveUp, skipped, errors, 0);
        }
    }

    private enum End { GAVE_UP, BATCH_FOUND, SKIPPED }

    public Summary run(int maxDrops) {
        Instant now = clock.instant();
        List<Drop> stuck = drops.stuckDrops(now.minus(stuckAfter), maxDrops);
        int resumed = 0;
        int gaveUp = 0;
        int skipped = 0;
        int found = 0;
        List<String> errors = new ArrayList<>();
        for (Drop drop : stuck) {
            if (drop.settled() || drop.leasedAt(now)) {
                skipped++; // an invocation is on it, or it settled after the index was read
                continue;
            }
            try {
                if (drop.createdAt() != null && !drop.createdAt().plus(giveUpAfter).isAfter(now)) {
                    switch (giveUp(drop, now)) {
                        case GAVE_UP -> gaveUp++;
                        case BATCH_FOUND -> found++;
                        default -> skipped++;
                    }
                } else if (drops.markResumeRequested(drop, now)) {
                    LOG.info("sweep: resuming requestId={} status={} attempts={}", drop.requestId(), drop.status(),
                            drop.attempts());
                    resumer.resume(drop);
                    resumed++;
                } else {
                    skipped++; // another pass or a delivery touched it since the index was read
                }
            } catch (RuntimeException e) {
                LOG.warn("sweep: requestId={}: {}", drop.requestId(), e.toString());
                errors.add(drop.requestId() + ": " + e);
            }
        }
        LOG.info("sweep: {} stuck drops examined, {} resumed, {} given up, {} found submitted, {} skipped, {} errors",
                stuck.size(), resumed, gaveUp, found, skipped, errors.size());
        return new Summary(stuck.size(), resumed, gaveUp, skipped, errors, found);
    }

    private End giveUp(Drop drop, Instant now) {
        Optional<Drop> owned = drops.takeOverStuck(drop, now, lease);
        if (owned.isEmpty()) {
            return End.SKIPPED;
        }
        Drop failed = owned.get();
        if (failed.status() == DropStatus.SUBMITTING) {
            // StartRunBatch may have created the batch (answer lost, record failed, function killed).
            Optional<Drop> submitted = found.settleIfFound(failed);
            if (submitted.isPresent()) {
                LOG.warn("sweep: requestId={} was not given up: its batch {} exists", failed.requestId(),
                        submitted.get().batchId());
                return End.BATCH_FOUND;
            }
        }
        if (!failed.status().terminal()) {
            String error = String.format("gave up: not submitted within %s (GIVE_UP_AFTER) of being received at %s,"
                            + " after %d attempt(s); last error: %s", giveUpAfter, drop.createdAt(), drop.attempts(),
                    drop.lastError() == null ? "none recorded (the invocation ended without recording one)"
                            : drop.lastError());
            failed = drops.recordGaveUp(failed, List.of(error), clock.instant());
        }
        // A terminal drop that was never announced only needs its announcement. If publishing fails, the lease
        // runs out by itself and the next pass announces it.
        notifier.publish(Notification.outcomeOf(failed, disclosure));
        drops.markNotified(failed, clock.instant());
        LOG.warn("sweep: requestId={} settled as {} after {}", failed.requestId(), failed.status(), giveUpAfter);
        return End.GAVE_UP;
    }
}
