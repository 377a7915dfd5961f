package io.omicsdropzone.domain;

import java.time.Instant;
import java.util.Map;

/**
 * What is known about a submitted batch after StartRunBatch: counters under the API's own names
 * ({@code totalRuns}, {@code successfulStartSubmissionCount}, {@code completedRunCount}, …), the failure reason
 * and when the state was observed. Empty until the first status update.
 *
 * @param observedAt           service time of the status this progress reflects; orders out-of-order updates
 * @param completionNotifiedAt when the terminal batch state was announced; null until then
 * @param lastPolledAt         when the reconciler last called GetBatch for it, successfully or not
 * @param pollFailures         GetBatch failures in a row (0 after a success); persistent ones fail the reconciler
 * @param lastPollError        the latest GetBatch failure, for operators
 */
public record BatchProgress(Map<String, Long> counts, String failureReason, String failureMessage,
                            Instant observedAt, Instant completionNotifiedAt, Instant lastPolledAt, int pollFailures,
                            String lastPollError) {

    public static final BatchProgress NONE = new BatchProgress(Map.of(), null, null, null, null, null, 0, null);

    public BatchProgress {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }

    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }
}
