package io.omicsdropzone.domain.tracking;

import io.omicsdropzone.disclosure.DisclosedText;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.disclosure.Field;
import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.BatchRun;
import io.omicsdropzone.domain.batch.BatchStatusOrder;
import io.omicsdropzone.domain.batch.RunBatchApi;
import io.omicsdropzone.domain.notification.Notification;
import io.omicsdropzone.domain.notification.Notifier;
import io.omicsdropzone.metrics.Metric;
import io.omicsdropzone.metrics.MetricsSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final TrackingRepository drops;
    private final RunBatchApi omics;
    private final Notifier notifier;
    private final Disclosure disclosure;
    private final Clock clock;
    private final Duration lease;
    private final MetricsSink metrics;

    public TrackBatch(TrackingRepository drops, RunBatchApi omics, Notifier notifier, Disclosure disclosure,
                      Clock clock, Duration lease) {
        this(drops, omics, notifier, disclosure, clock, lease, MetricsSink.NONE);
    }

    public TrackBatch(TrackingRepository drops, RunBatchApi omics, Notifier notifier, Disclosure disclosure,
                      Clock clock, Duration lease, MetricsSink metrics) {
        this.metrics = metrics;
        this.drops = drops;
        this.omics = omics;
        this.notifier = notifier;
        this.disclosure = disclosure;
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
        BatchObservation announced = null;
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
                notifier.publish(Notification.completionOf(type, withDetails, details, failed, disclosure));
                LOG.info("announced: {} batch {} requestId={}", type, owned.batchId(), owned.requestId());
                announced = details;
            }
            drops.markCompletionNotified(owned, clock.instant());
        } catch (RuntimeException e) {
            release(owned, "announcing " + owned.batchStatus() + ": " + e, e);
            throw e;
        }
        if (announced != null) {
            // After the announcement is recorded, so a retried announcement is not counted twice.
            metrics.emit(endMetrics(owned.batchStatus(), announced));
        }
        return Outcome.ANNOUNCED;
    }

    /** One document per finished batch: which end it reached (0 or 1 each, so rates are defined) and its run counts. */
    static Map<Metric, Number> endMetrics(String status, BatchObservation details) {
        Map<Metric, Number> values = new LinkedHashMap<>();
        values.put(Metric.BATCHES_COMPLETED, "PROCESSED".equals(status) ? 1 : 0);
        values.put(Metric.BATCHES_FAILED, "FAILED".equals(status) ? 1 : 0);
        values.put(Metric.BATCHES_CANCELLED, "CANCELLED".equals(status) ? 1 : 0);
        values.put(Metric.RUNS_FAILED_TO_START, details.counts().getOrDefault("failedStartSubmissionCount", 0L));
        values.put(Metric.RUNS_FAILED, details.counts().getOrDefault("failedRunCount", 0L));
        return values;
    }

    /**
     * GetBatch says a batch this dropzone submitted does not exist (deleted, or another account's region): nothing
     * will ever report on it again, so the drop is closed with a {@code BatchNotFound} notification.
     */
    public Outcome closeNotFound(Drop drop, String serviceMessage) {
        Optional<Drop> claimed = drops.claimCompletionNotice(drop, clock.instant(), lease);
        if (claimed.isEmpty()) {
            return Outcome.ALREADY_ANNOUNCED;
        }
        Drop owned = claimed.get();
        try {
            DisclosedText message = DisclosedText.builder()
                    .text("GetBatch answered ResourceNotFoundException for batch " + owned.batchId())
                    .field(Field.serviceMessage(" (", serviceMessage, ")", null))
                    .text("; it was deleted or never became visible, so no further status will arrive").build();
            // Recorded as rendered now, like every stored error (the item's format is unchanged).
            Drop closed = drops.recordBatchNotFound(owned, message.render(disclosure), clock.instant());
            notifier.publish(Notification.batchNotFound(closed, message, disclosure));
            drops.markCompletionNotified(closed, clock.instant());
            LOG.warn("closed: batch {} of requestId={} no longer exists", owned.batchId(), owned.requestId());
            return Outcome.ANNOUNCED;
        } catch (RuntimeException e) {
            release(owned, "closing a batch that was not found: " + e, e);
            throw e;
        }
    }

    private void release(Drop owned, String error, RuntimeException cause) {
        try {
            drops.releaseCompletionNotice(owned, error, clock.instant());
        } catch (RuntimeException releaseFailure) {
            cause.addSuppressed(releaseFailure);
        }
    }
}
