package io.omicsdropzone.domain.batch;

import java.time.Instant;

/** One item of ListBatch (BatchListItem): enough to decide whether GetBatch is worth asking. */
public record BatchSummary(String id, String name, String status, Instant createdAt) {
}
