package io.omicsdropzone.domain.batch;

import java.util.List;

/** A page of ListRunsInBatch; {@code nextToken} is null on the last page. */
public record RunsPage(List<BatchRun> runs, String nextToken) {

    public RunsPage {
        runs = List.copyOf(runs);
    }
}
