package io.omicsdropzone.samplesheet;

import io.omicsdropzone.disclosure.Disclosure;

import io.omicsdropzone.json.JsonWriter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of converting one samplesheet.
 *
 * @param rowCount   data rows converted (the header and blank rows not counted)
 * @param errorCount every problem found, including those not kept
 * @param errors     the first problems in row order, at most {@link SampleSheetConverter#MAX_REPORTED_ERRORS}
 * @param bytesWritten bytes of run-settings JSON written
 */
public record SampleSheetReport(long rowCount, long errorCount, List<SheetError> errors, long bytesWritten) {

    public SampleSheetReport {
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errorCount == 0;
    }

    /** One line per kept error. */
    public List<String> describe(Disclosure disclosure) {
        return errors.stream().map(error -> error.describe(disclosure)).toList();
    }

    /**
     * {@code {"valid":false,"rowCount":3,"errorCount":2,"errors":[{"row":2,"column":"fastq_2","message":"row 2 (sample
     * S1), column fastq_2: empty value for a required placeholder"}]}}; {@code column} is left out when the error is
     * about a whole row.
     */
    public String json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", valid());
        out.put("rowCount", rowCount);
        out.put("errorCount", errorCount);
        out.put("errors", errors.stream().map(error -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("row", error.row());
            if (error.column() != null) {
                line.put("column", error.column());
            }
            line.put("message", error.describe());
            return line;
        }).toList());
        return JsonWriter.write(out);
    }

    /** A headline and one line per kept error, for the command line and logs. */
    public String text() {
        if (valid()) {
            return String.format("samplesheet is valid: %,d rows", rowCount);
        }
        StringBuilder out = new StringBuilder(String.format("samplesheet is invalid: %,d problem%s in %,d rows",
                errorCount, errorCount == 1 ? "" : "s", rowCount));
        errors.forEach(error -> out.append('\n').append(error.describe()));
        if (errorCount > errors.size()) {
            out.append('\n').append(String.format("(%,d more not shown)", errorCount - errors.size()));
        }
        return out.toString();
    }
}
