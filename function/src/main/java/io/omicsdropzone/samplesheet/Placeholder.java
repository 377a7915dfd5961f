package io.omicsdropzone.samplesheet;

/**
 * One {@code {column}}, {@code {column:type}} or {@code {column?}} in a row template.
 *
 * @param column      the header name it reads
 * @param columnIndex its position in the template's declared columns (the converter maps it to the sheet's header)
 * @param optional    an empty cell leaves the field out (a whole value) or inserts nothing (inside text)
 */
record Placeholder(String column, int columnIndex, ValueType type, boolean optional) {

    String syntax() {
        return "{" + column + (type == ValueType.STRING ? "" : ":" + type.syntax()) + (optional ? "?" : "") + "}";
    }
}
