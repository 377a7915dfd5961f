package io.omicsdropzone.domain.batch;

import java.util.List;

/** One page of ListBatch; {@code nextToken} null on the last page. */
public record BatchListPage(List<BatchSummary> items, String nextToken) {

    public BatchListPage {
        items = List.copyOf(items);
    }
}
