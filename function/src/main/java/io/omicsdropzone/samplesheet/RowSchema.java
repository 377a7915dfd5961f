package io.omicsdropzone.samplesheet;

import java.util.List;
import java.util.Map;

/**
 * The standard JSON Schema keywords of a sheet's schema, applied to one row. An interface so that the library behind
 * it ({@link NetworkntRowSchema}, with Jackson databind) is loaded only when a samplesheet with a schema is read.
 */
interface RowSchema {

    /**
     * One violation.
     *
     * @param property the column at fault (for {@code required}: the missing one), or null for the whole row
     * @param keyword  the schema keyword that failed ({@code pattern}, {@code enum}, {@code required}, ...)
     * @param message  the library's text, without the instance location
     */
    record Violation(String property, String keyword, String message) {
    }

    /** @param row column → cell converted to its declared type (String, Long, BigDecimal, Boolean); empty cells left out */
    List<Violation> check(Map<String, Object> row);
}
