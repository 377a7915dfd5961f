package io.omicsdropzone.validation;

import io.omicsdropzone.domain.preflight.InputObjects;

import java.util.List;

/**
 * Pre-flight checks that join the streaming scan: the workflow's parameter template and the existence of the
 * {@code s3://} inputs the runs name. Each part is optional.
 *
 * @param parameters       the template to check parameter names against, or null (not checked)
 * @param inputs           where to check inputs, or null (not checked)
 * @param workflowProblems problems of the workflow itself (not ACTIVE, Ready2Run), reported for the whole file
 * @param concurrency      input checks in flight at once
 */
public record Preflight(ParameterTemplate parameters, InputObjects inputs, List<String> workflowProblems,
                        int concurrency) {

    /** The validator's offline checks only. */
    public static final Preflight NONE = new Preflight(null, null, List.of(), 1);
    /** Input checks in flight at once by default: HEAD requests are I/O-bound, a handful of threads saturate them. */
    public static final int DEFAULT_CONCURRENCY = 16;

    public Preflight {
        workflowProblems = List.copyOf(workflowProblems);
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1");
        }
    }

    boolean checksInputs() {
        return inputs != null;
    }
}
