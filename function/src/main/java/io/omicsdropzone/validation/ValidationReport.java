package io.omicsdropzone.validation;

import java.util.List;

/**
 * The outcome of validating one run-settings file.
 *
 * @param entryCount number of array entries seen (complete or not)
 * @param errorCount total number of problems found; may exceed {@code errors.size()}
 * @param errors     the first problems found, at most {@link RunSettingsValidator#MAX_REPORTED_ERRORS}
 */
public record ValidationReport(long entryCount, long errorCount, List<ValidationError> errors) {

    public ValidationReport {
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errorCount == 0;
    }
}
