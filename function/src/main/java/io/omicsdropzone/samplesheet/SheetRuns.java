package io.omicsdropzone.samplesheet;

import java.util.List;
import java.util.Locale;

/**
 * How a pipeline turns a sheet into runs ({@code samplesheet.runs}), and what it checks rows with.
 *
 * @param mode           per-row (the template, one run per row), per-sample (one run and one written sheet per
 *                       sample) or whole (one run, the dropped sheet as its input)
 * @param schema         the pipeline's schema_input.json, or null
 * @param sampleColumns  the columns whose values, joined with {@code _}, name a sample (per-sample); empty in the
 *                       other modes
 * @param inputParameter the workflow parameter that receives a sheet's S3 URI (per-sample, whole)
 */
public record SheetRuns(Mode mode, SheetSchema schema, List<String> sampleColumns, String inputParameter) {

    public static final String DEFAULT_INPUT_PARAMETER = "input";
    /** Today's template, unchanged. */
    public static final SheetRuns PER_ROW = new SheetRuns(Mode.PER_ROW, null, List.of(), DEFAULT_INPUT_PARAMETER);

    public SheetRuns {
        sampleColumns = List.copyOf(sampleColumns);
    }

    public enum Mode {
        PER_ROW("per-row"),
        PER_SAMPLE("per-sample"),
        WHOLE("whole");

        private final String text;

        Mode(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** The mode named {@code text} in the pipelines file, or null. */
        public static Mode of(String text) {
            for (Mode mode : values()) {
                if (mode.text.equals(text.toLowerCase(Locale.ROOT))) {
                    return mode;
                }
            }
            return null;
        }
    }

    /** Whether runs are made of groups of rows, each with a sheet of its own (per-sample, whole). */
    public boolean grouped() {
        return mode != Mode.PER_ROW;
    }
}
