package io.omicsdropzone.domain.preflight;

import io.omicsdropzone.validation.Preflight;

/**
 * The pre-flight checks a drop gets, and why its parameters are not checked when they are not.
 *
 * @param checks               what the validator runs during its pass
 * @param parametersNotChecked null when parameters are checked; else the reason, for the item and the notification
 */
public record PreflightPlan(Preflight checks, String parametersNotChecked) {
}
