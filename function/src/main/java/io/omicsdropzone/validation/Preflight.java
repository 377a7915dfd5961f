package io.omicsdropzone.validation;

import io.omicsdropzone.spool.Spool;

import java.util.List;

/**
 * Pre-flight checks that join the streaming scan: the workflow's parameter template and the existence of the
 * {@code s3://} inputs the runs name. Each part is optional.
 *
 * @param parameters       the template to check parameter names against, or null (not checked)
 * @param inputs           where to check inputs, or null (not checked)
 * @param workflowProblems problems of the workflow itself (not ACTIVE, Ready2Run), reported for the whole file
 * @param concurrency      input checks in flight at once
 * @param minInputsToList  a folder holding at least this many of the inputs is listed instead of asked key by key
 *                         ({@link Integer#MAX_VALUE}: never list, one HeadObject per distinct input)
 * @param attempt          the invocation's deadline and where progress is kept; null: no deadline, nothing kept
 * @param spool            where the inputs are sorted when there are too many to sort in memory; needed when inputs
 *                         are checked, else may be null
 */
public record Preflight(ParameterTemplate parameters, InputObjects inputs, List<String> workflowProblems,
                        int concurrency, int minInputsToList, CheckAttempt attempt, Spool spool) {

    /** The validator's offline checks only. */
    public static final Preflight NONE = new Preflight(null, null, List.of(), 1, null);
    /** Input checks in flight at once by default: HEAD requests are I/O-bound, a handful of threads saturate them. */
    public static final int DEFAULT_CONCURRENCY = 16;
    /**
     * Below this many inputs in one folder, HEAD each: a listing page is a large answer, and a folder may hold far more
     * objects than the file names (see {@link InputCheckPlanner}).
     */
    public static final int DEFAULT_MIN_INPUTS_TO_LIST = 8;

    public Preflight {
        workflowProblems = List.copyOf(workflowProblems);
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1");
        }
        if (minInputsToList < 1) {
            throw new IllegalArgumentException("minInputsToList must be >= 1");
        }
        if (inputs != null && spool == null) {
            throw new IllegalArgumentException("input checks need a spool to sort the inputs in");
        }
    }

    public Preflight(ParameterTemplate parameters, InputObjects inputs, List<String> workflowProblems,
                     int concurrency, Spool spool) {
        this(parameters, inputs, workflowProblems, concurrency, DEFAULT_MIN_INPUTS_TO_LIST, null, spool);
    }

    /** The same checks, asking {@code other} whether inputs exist; every other setting (the attempt too) kept. */
    public Preflight withInputs(InputObjects other) {
        return new Preflight(parameters, other, workflowProblems, concurrency, minInputsToList, attempt, spool);
    }

    /** The same checks, bounded by one invocation and continued from (and recorded for) earlier attempts. */
    public Preflight within(CheckAttempt attempt) {
        return new Preflight(parameters, inputs, workflowProblems, concurrency, minInputsToList, attempt, spool);
    }

    /** The same checks, listing folders holding at least {@code minInputs} inputs. */
    public Preflight listingFrom(int minInputs) {
        return new Preflight(parameters, inputs, workflowProblems, concurrency, minInputs, attempt, spool);
    }

    boolean checksInputs() {
        return inputs != null;
    }
}
