package io.omicsdropzone.domain;

import io.omicsdropzone.domain.DropRepository.Busy;
import io.omicsdropzone.domain.DropRepository.Claim;
import io.omicsdropzone.domain.DropRepository.Claimed;
import io.omicsdropzone.domain.DropRepository.Settled;
import io.omicsdropzone.domain.RunSettingsStore.ObjectChangedException;
import io.omicsdropzone.domain.RunSettingsStore.StoredObject;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationError;
import io.omicsdropzone.validation.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The use case: one dropped object becomes exactly one terminal, notified outcome — a submitted batch, a rejected
 * file or a failed submission — however often and however concurrently its event is delivered.
 *
 * <p>Safe under at-least-once delivery because (1) a lease in the repository lets one delivery work at a time,
 * (2) the requestId derived from bucket/key/ETag makes a resumed StartRunBatch return the same batch, and (3) the
 * notification is marked published only after SNS accepted it, so a failed publish is retried, never lost.
 */
public final class SubmitDrop {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitDrop.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(100);
    private static final Duration MAX_WAIT = Duration.ofSeconds(2);

    /** Waits between lease checks; replaceable so tests need not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final DropRepository drops;
    private final RunSettingsStore store;
    private final RunBatchApi omics;
    private final Notifier notifier;
    private final RunSettingsValidator validator;
    private final DefaultRunSetting defaultRunSetting;
    private final Clock clock;
    private final Duration lease;
    private final Sleeper sleeper;

    public SubmitDrop(DropRepository drops, RunSettingsStore store, RunBatchApi omics, Notifier notifier,
                      DefaultRunSetting defaultRunSetting, Clock clock, Duration lease, Sleeper sleeper) {
        this.drops = drops;
        this.store = store;
        this.omics = omics;
        this.notifier = notifier;
        this.validator = new RunSettingsValidator();
        this.defaultRunSetting = defaultRunSetting;
        this.clock = clock;
        this.lease = lease;
        this.sleeper = sleeper;
    }

    /**
     * @param deadline when waiting for another invocation's lease must give up (Lambda's remaining time)
     * @throws DropBusyException     when another invocation still owns the drop at the deadline
     * @throws BatchApiException     when HealthOmics failed in a retryable way (after the client's retries)
     * @throws RuntimeException      for other infrastructure failures; the drop records the attempt
     */
    public DropResult handle(DroppedObject object, Instant deadline) {
        if (!object.isRunSettingsFile()) {
            LOG.info("ignored: not a .json key bucket={} keyHash={}", object.bucket(), object.keyHash());
            return new DropResult(DropResult.Action.IGNORED, null);
        }
        String batchName = BatchNaming.batchName(object, Disclosure.FULL);
        Duration wait = FIRST_WAIT;
        while (true) {
            Claim claim = drops.claim(object, batchName, clock.instant(), lease);
            if (claim instanceof Claimed claimed) {
                return new DropResult(DropResult.Action.PROCESSED, process(claimed.drop()));
            }
            if (claim instanceof Settled settled) {
                LOG.info("duplicate delivery: requestId={} already {}", settled.drop().requestId(), settled.drop().status());
                return new DropResult(DropResult.Action.ALREADY_SETTLED, settled.drop());
            }
            Busy busy = (Busy) claim;
            if (clock.instant().plus(wait).isAfter(deadline)) {
                throw new DropBusyException(busy.drop().requestId());
            }
            pause(wait);
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
    }

    private Drop process(Drop drop) {
        try {
            Drop settled = drop.status().terminal() ? drop : submit(drop);
            notifier.publish(Notification.outcomeOf(settled, Disclosure.FULL));
            drops.markNotified(settled, clock.instant());
            LOG.info("settled: requestId={} status={} batchId={} runCount={}", settled.requestId(), settled.status(),
                    settled.batchId(), settled.runCount());
            return settled;
        } catch (RuntimeException e) {
            // Whatever state was recorded stays; giving the lease back lets the retry resume right away.
            releaseQuietly(drop, e);
            throw e;
        }
    }

    private Drop submit(Drop drop) {
        DroppedObject object = drop.object();
        Optional<StoredObject> current = store.head(object.bucket(), object.key());
        if (current.isEmpty()) {
            return reject(drop, 0, "the object no longer exists: it was deleted before it could be submitted");
        }
        if (!current.get().etag().equals(object.etag())) {
            return reject(drop, 0, "the object was overwritten since this event (ETag " + object.etag() + " is now "
                    + current.get().etag() + "); the new content is handled by its own event");
        }
        ValidationReport report;
        try (InputStream in = store.open(object.bucket(), object.key(), object.etag())) {
            report = validator.validate(in, current.get().size());
        } catch (ObjectChangedException e) {
            return reject(drop, 0, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + drop.requestId() + " failed", e);
        }
        if (!report.valid()) {
            List<String> errors = report.errors().stream().map(ValidationError::describe).toList();
            LOG.info("rejected: requestId={} errorCount={}", drop.requestId(), report.errorCount());
            return drops.recordRejected(drop, report.entryCount(), errors, report.errorCount(), clock.instant());
        }
        Drop submitting = drops.markSubmitting(drop, report.entryCount(), clock.instant());
        BatchRequest request = new BatchRequest(drop.requestId(), drop.batchName(), object.s3Uri(), defaultRunSetting,
                BatchNaming.batchTags(object, drop.requestId(), Disclosure.FULL));
        try {
            StartedBatch batch = omics.startRunBatch(request);
            LOG.info("submitted: requestId={} batchId={} status={}", drop.requestId(), batch.id(), batch.status());
            return drops.recordSubmitted(submitting, batch, clock.instant());
        } catch (BatchApiException e) {
            if (e.retryable()) {
                throw e;
            }
            LOG.warn("submission failed: requestId={} errorType={}", drop.requestId(), e.errorType());
            return drops.recordFailed(submitting, List.of(e.describe()), clock.instant());
        }
    }

    private Drop reject(Drop drop, long runCount, String reason) {
        LOG.info("rejected: requestId={} reason={}", drop.requestId(), reason);
        return drops.recordRejected(drop, runCount, List.of(reason), 1, clock.instant());
    }

    private void releaseQuietly(Drop drop, RuntimeException cause) {
        try {
            String error = cause instanceof BatchApiException service ? service.describe()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            drops.releaseAfterRetryableError(drop, error, clock.instant());
        } catch (RuntimeException releaseFailure) {
            cause.addSuppressed(releaseFailure);
        }
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
