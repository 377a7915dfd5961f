package io.omicsdropzone.domain.preflight;

import io.omicsdropzone.validation.CheckAttempt;
import io.omicsdropzone.validation.CheckProgressStore;
import io.omicsdropzone.validation.Preflight;

import java.time.Clock;
import java.time.Instant;

/**
 * The pre-flight checks a drop gets, and why its parameters are not checked when they are not.
 *
 * @param checks               what the validator runs during its pass
 * @param parametersNotChecked null when parameters are checked; else the reason, for the item and the notification
 * @param progress             where input checks too long for one invocation keep their progress
 */
public record PreflightPlan(Preflight checks, String parametersNotChecked, CheckProgressStore progress) {

    public PreflightPlan(Preflight checks, String parametersNotChecked) {
        this(checks, parametersNotChecked, CheckProgressStore.NONE);
    }

    /**
     * The checks for one attempt at a drop: its input checks stop at their share of the time left before
     * {@code deadline} and continue from what an earlier attempt at the same content confirmed.
     *
     * @param retry whether an earlier attempt at the drop ended in a retryable error (and may have saved progress)
     */
    public Preflight within(Clock clock, Instant deadline, String bucket, String requestId, boolean retry) {
        return checks.within(new CheckAttempt(clock, deadline, progress, bucket, requestId, retry));
    }
}
