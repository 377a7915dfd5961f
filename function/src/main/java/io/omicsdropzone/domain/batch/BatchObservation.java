package io.omicsdropzone.domain.batch;

import java.time.Instant;
import java.util.Map;

/**
 * One sighting of a batch's state, from a status change event or from GetBatch.
 *
 * @param observedAt the service's time for this state (event time, or GetBatch's latest timestamp); orders
 *                   sightings of the same status
 * @param counts     counters under the API's names, e.g. {@code totalRuns}, {@code successfulStartSubmissionCount},
 *                   {@code completedRunCount}; absent ones are unknown, not zero
 */
public record BatchObservation(String batchId, String batchArn, String status, Instant observedAt,
                               Map<String, Long> counts, String failureReason, String failureMessage) {

    public BatchObservation {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }

    public int rank() {
        return BatchStatusOrder.rank(status);
    }
}
