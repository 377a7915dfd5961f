package io.omicsdropzone.domain.batch;

import java.util.List;

/** A page of ListRuns; {@code nextToken} is null on the last page. */
public record WorkflowRunsPage(List<WorkflowRun> runs, String nextToken) {

    public WorkflowRunsPage {
        runs = List.copyOf(runs);
    }
}
