package io.omicsdropzone.domain.tracking;

import io.omicsdropzone.domain.Drop;
import io.omicsdropzone.domain.batch.BatchApiException;
import io.omicsdropzone.domain.batch.BatchDetails;
import io.omicsdropzone.domain.batch.BatchListPage;
import io.omicsdropzone.domain.batch.BatchSummary;
import io.omicsdropzone.domain.batch.RunBatchApi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Asks HealthOmics whether StartRunBatch already created a drop's batch, without risking a new one: the requestId's
 * deduplication window is not documented, so a StartRunBatch sent a day later might start a second batch. ListBatch
 * filters by {@code name} only (https://docs.aws.amazon.com/omics/latest/api/API_ListBatch.html); names repeat (every
 * {@code run-settings.json} is {@code run-settings}, re-drives reuse the original's name), so every page of that name
 * is read, batches created well before the drop are left out, and GetBatch
 * (https://docs.aws.amazon.com/omics/latest/api/API_GetBatch.html) is asked newest first until one carries the
 * drop's request-id tag (on the batch, or in {@code defaultRunSetting.runTags}).
 */
public final class BatchFinder {

    static final int PAGE = 100;
    /** Batches created this long before the drop still count: the service's clock is not ours. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

    private final RunBatchApi omics;

    public BatchFinder(RunBatchApi omics) {
        this.omics = omics;
    }

    /** The drop's batch, or empty when HealthOmics has none for its requestId (or the drop never had a name). */
    public Optional<BatchDetails> find(Drop drop) {
        if (drop.batchName() == null) {
            return Optional.empty();
        }
        List<BatchSummary> candidates = new ArrayList<>();
        String token = null;
        do {
            BatchListPage page = omics.listBatch(drop.batchName(), PAGE, token);
            for (BatchSummary summary : page.items()) {
                if (summary.createdAt() == null || drop.createdAt() == null
                        || !summary.createdAt().isBefore(drop.createdAt().minus(CLOCK_SKEW))) {
                    candidates.add(summary);
                }
            }
            token = page.nextToken();
        } while (token != null);
        candidates.sort(Comparator.comparing(BatchSummary::createdAt,
                Comparator.nullsFirst(Comparator.<java.time.Instant>naturalOrder())).reversed());
        for (BatchSummary candidate : candidates) {
            BatchDetails details;
            try {
                details = omics.getBatchDetails(candidate.id());
            } catch (BatchApiException e) {
                if (e.kind() == BatchApiException.Kind.NOT_FOUND) {
                    continue; // deleted between the list and the read
                }
                throw e;
            }
            if (details.startedFor(drop.requestId())) {
                return Optional.of(details);
            }
        }
        return Optional.empty();
    }
}
