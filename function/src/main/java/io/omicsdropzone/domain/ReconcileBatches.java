package io.omicsdropzone.domain;

import io.omicsdropzone.domain.BatchApiException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Heals missed events: polls GetBatch for drops whose batch is not announced as finished and applies the result
 * through {@link TrackBatch}. Work per run is bounded; throttling ends the run early and leaves the rest for the
 * next schedule.
 */
public final class ReconcileBatches {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileBatches.class);

    private final DropRepository drops;
    private final RunBatchApi omics;
    private final TrackBatch track;
    private final Clock clock;
    private final Duration quietPeriod;

    /** @param quietPeriod batches observed more recently than this are left to their events */
    public ReconcileBatches(DropRepository drops, RunBatchApi omics, TrackBatch track, Clock clock, Duration quietPeriod) {
        this.drops = drops;
        this.omics = omics;
        this.track = track;
        this.clock = clock;
        this.quietPeriod = quietPeriod;
    }

    /** How one run went: sightings by outcome, failures, and whether throttling cut it short. */
    public record Summary(int examined, Map<TrackBatch.Outcome, Integer> outcomes, int failures, boolean throttled) {
    }

    public Summary run(int maxBatches) {
        List<Drop> open = drops.openBatches(clock.instant().minus(quietPeriod), maxBatches);
        Map<TrackBatch.Outcome, Integer> outcomes = new EnumMap<>(TrackBatch.Outcome.class);
        int failures = 0;
        int examined = 0;
        for (Drop drop : open) {
            examined++;
            try {
                TrackBatch.Outcome outcome = track.applyTo(drop, omics.getBatch(drop.batchId()));
                outcomes.merge(outcome, 1, Integer::sum);
            } catch (BatchApiException e) {
                failures++;
                if (e.kind() == Kind.THROTTLING) {
                    LOG.warn("reconcile: throttled after {} of {} batches; the rest waits for the next run",
                            examined, open.size());
                    return new Summary(examined, outcomes, failures, true);
                }
                LOG.warn("reconcile: batch {} of requestId={}: {}", drop.batchId(), drop.requestId(), e.describe());
            } catch (RuntimeException e) {
                failures++;
                LOG.warn("reconcile: batch {} of requestId={}: {}", drop.batchId(), drop.requestId(), e.toString());
            }
        }
        LOG.info("reconcile: {} batches examined, outcomes {}, {} failures", examined, outcomes, failures);
        return new Summary(examined, outcomes, failures, false);
    }
}
