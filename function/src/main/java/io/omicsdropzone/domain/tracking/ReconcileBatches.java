package io.omicsdropzone.domain.tracking;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.batch.BatchApiException.Kind;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchObservation;
import io.omicsdropzone.domain.batch.RunBatchApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Heals missed events: polls GetBatch for drops whose batch is not announced as finished and applies the result
 * through {@link TrackBatch}. Work per run is bounded; throttling ends the run early and leaves the rest for the
 * next schedule. Every poll is stamped, successful or not, and recently polled batches are skipped, so batches whose
 * GetBatch keeps failing rotate to the back instead of starving the others. A batch that GetBatch no longer knows is
 * closed with a notification; one that keeps failing {@link #PERSISTENT_FAILURES} times in a row is reported, so
 * the caller can fail the invocation and the error alarm fires.
 */
public final class ReconcileBatches {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileBatches.class);
    /** Consecutive GetBatch failures after which a batch counts as persistently failing. */
    public static final int PERSISTENT_FAILURES = 3;

    private final TrackingRepository drops;
    private final RunBatchApi omics;
    private final TrackBatch track;
    private final Clock clock;
    private final Duration quietPeriod;

    /** @param quietPeriod batches observed or polled more recently than this are left alone */
    public ReconcileBatches(TrackingRepository drops, RunBatchApi omics, TrackBatch track, Clock clock,
                            Duration quietPeriod) {
        this.drops = drops;
        this.omics = omics;
        this.track = track;
        this.clock = clock;
        this.quietPeriod = quietPeriod;
    }

    /**
     * How one run went.
     *
     * @param failures           polls or announcements that failed in this run
     * @param persistentFailures batches whose GetBatch has now failed {@link #PERSISTENT_FAILURES} times in a row
     */
    public record Summary(int examined, Map<TrackBatch.Outcome, Integer> outcomes, int failures,
                          int persistentFailures, int notFound, boolean throttled) {
    }

    public Summary run(int maxBatches) {
        Instant now = clock.instant();
        List<Drop> open = drops.openBatches(now.minus(quietPeriod), maxBatches);
        Map<TrackBatch.Outcome, Integer> outcomes = new EnumMap<>(TrackBatch.Outcome.class);
        int failures = 0;
        int persistent = 0;
        int notFound = 0;
        int examined = 0;
        for (Drop drop : open) {
            examined++;
            BatchObservation observation;
            try {
                observation = omics.getBatch(drop.batchId());
            } catch (BatchApiException e) {
                if (e.kind() == Kind.THROTTLING) {
                    LOG.warn("reconcile: throttled at batch {} of {}; the rest waits for the next run",
                            examined, open.size());
                    return new Summary(examined, outcomes, failures, persistent, notFound, true);
                }
                if (e.kind() == Kind.NOT_FOUND) {
                    notFound++;
                    failures += closeNotFound(drop, e, outcomes);
                    continue;
                }
                failures++;
                if (pollFailed(drop, e.describe()) >= PERSISTENT_FAILURES) {
                    persistent++;
                }
                continue;
            } catch (RuntimeException e) {
                failures++;
                if (pollFailed(drop, e.toString()) >= PERSISTENT_FAILURES) {
                    persistent++;
                }
                continue;
            }
            try {
                Drop polled = drops.recordPoll(drop, null, clock.instant());
                outcomes.merge(track.applyTo(polled, observation), 1, Integer::sum);
            } catch (RuntimeException e) {
                failures++;
                LOG.warn("reconcile: batch {} of requestId={}: {}", drop.batchId(), drop.requestId(), e.toString());
            }
        }
        LOG.info("reconcile: {} batches examined, outcomes {}, {} failures ({} persistent), {} not found", examined,
                outcomes, failures, persistent, notFound);
        return new Summary(examined, outcomes, failures, persistent, notFound, false);
    }

    private int closeNotFound(Drop drop, BatchApiException e, Map<TrackBatch.Outcome, Integer> outcomes) {
        try {
            outcomes.merge(track.closeNotFound(drop, e.getMessage()), 1, Integer::sum);
            return 0;
        } catch (RuntimeException closeFailure) {
            LOG.warn("reconcile: closing batch {} of requestId={} failed: {}", drop.batchId(), drop.requestId(),
                    closeFailure.toString());
            return 1;
        }
    }

    /** Stamps the failed poll; returns the failures in a row now recorded (best effort when the stamp fails). */
    private int pollFailed(Drop drop, String error) {
        LOG.warn("reconcile: GetBatch for batch {} of requestId={} failed: {}", drop.batchId(), drop.requestId(), error);
        try {
            return drops.recordPoll(drop, error, clock.instant()).progress().pollFailures();
        } catch (RuntimeException stampFailure) {
            LOG.warn("reconcile: could not stamp the failed poll of requestId={}: {}", drop.requestId(),
                    stampFailure.toString());
            return drop.progress().pollFailures() + 1;
        }
    }
}
