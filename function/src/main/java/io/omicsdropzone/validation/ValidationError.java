package io.omicsdropzone.validation;

/**
 * One precise problem found in a run-settings file.
 *
 * @param entryIndex   zero-based index of the array entry, or -1 when the problem is not inside an entry
 * @param runSettingId the entry's runSettingId when it was already known, else null
 * @param pointer      JSON pointer of the offending value (RFC 6901), e.g. {@code /3/runTags/team}
 * @param line         1-based line of the offending token, or -1 when unknown
 * @param column       1-based column of the offending token, or -1 when unknown
 * @param message      plain-English description, bounded in length
 */
public record ValidationError(long entryIndex, String runSettingId, String pointer, long line, long column,
                              String message) {

    public String describe(io.omicsdropzone.domain.Disclosure disclosure) {
        return describe();
    }

    /** One line for logs, CLI output and stored summaries. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (entryIndex >= 0) {
            text.append("entry ").append(entryIndex);
            if (runSettingId != null) {
                text.append(" (runSettingId ").append(runSettingId).append(')');
            }
            text.append(' ');
        }
        text.append(pointer.isEmpty() ? "/" : pointer).append(": ").append(message);
        if (line > 0) {
            text.append(" [line ").append(line).append(", column ").append(column).append(']');
        }
        return text.toString();
    }
}
