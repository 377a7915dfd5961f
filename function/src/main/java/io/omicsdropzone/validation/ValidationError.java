package io.omicsdropzone.validation;

import io.omicsdropzone.disclosure.DisclosedText;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.disclosure.Field;

/**
 * One precise problem found in a run-settings file.
 *
 * @param entryIndex   zero-based index of the array entry, or -1 when the problem is not inside an entry
 * @param runSettingId the entry's runSettingId when it was already known, else null
 * @param pointer      JSON pointer of the offending value (RFC 6901), e.g. {@code /3/runTags/team}
 * @param line         1-based line of the offending token, or -1 when unknown
 * @param column       1-based column of the offending token, or -1 when unknown
 * @param message      plain-English description, bounded in length; may quote the file
 * @param safeMessage  the same description with nothing taken from the file (values, keys, ids, parser excerpts)
 */
public record ValidationError(long entryIndex, String runSettingId, String pointer, long line, long column,
                              String message, String safeMessage) {

    /** Said in PHI-safe mode when an error was built without a safe rendering. */
    static final String DETAILS_WITHHELD = "details withheld (PHI-safe mode)";
    /** Replaces a pointer segment that is a key chosen by the user. */
    static final String WITHHELD_SEGMENT = "*";

    /** An error whose message quotes nothing it knows of; PHI-safe mode shows only its position. */
    public ValidationError(long entryIndex, String runSettingId, String pointer, long line, long column,
                           String message) {
        this(entryIndex, runSettingId, pointer, line, column, message, DETAILS_WITHHELD);
    }

    /** One line for logs, CLI output and stored summaries: {@link #describe(Disclosure)} with FULL. */
    public String describe() {
        return describe(Disclosure.FULL);
    }

    /**
     * {@link Disclosure#FULL}: {@code entry 3 (runSettingId s-3) /3/runTags/team: message [line 4, column 17]}.
     * {@link Disclosure#PHI_SAFE}: no runSettingId, the safe message, and the pointer with user-chosen keys replaced
     * by {@code *} ({@link #safePointer()}); entry index, line and column stay, so the user can still find it.
     */
    public String describe(Disclosure disclosure) {
        return text().render(disclosure);
    }

    /** The error as fields: the runSettingId, the pointer (with its safe form) and the message (with its safe one). */
    public DisclosedText text() {
        DisclosedText.Builder text = DisclosedText.builder();
        if (entryIndex >= 0) {
            text.text("entry " + entryIndex);
            if (runSettingId != null) {
                text.field(Field.sampleId(" (runSettingId ", runSettingId, ")"));
            }
            text.text(" ");
        }
        String safePointer = safePointer();
        text.field(Field.pointer(pointer.isEmpty() ? "/" : pointer, safePointer.isEmpty() ? "/" : safePointer))
                .text(": ").field(Field.fileValue(message, safeMessage));
        if (line > 0) {
            text.text(" [line " + line + ", column " + column + "]");
        }
        return text.build();
    }

    /**
     * The pointer with every segment the user chose replaced by {@code *}. The pointer's first segment is the entry's
     * index in the top-level array, the second a field of the entry: kept when it is one of the InlineSetting field
     * names. Anything deeper is inside {@code runTags}, {@code parameters} or {@code engineSettings}, whose keys are
     * the user's (a tag key may be a patient id; a key of digits cannot be told from an array index), so all of it
     * goes. RFC 6901 escapes {@code /} inside a segment as {@code ~1}, so splitting on {@code /} is exact; a pointer cut
     * by the length bound only loses deep segments, which are replaced anyway.
     */
    public String safePointer() {
        if (pointer.isEmpty()) {
            return pointer;
        }
        String[] segments = pointer.substring(1).split("/", -1);
        StringBuilder safe = new StringBuilder(pointer.length());
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean kept = i == 0 ? isIndex(segment) : i == 1 && InlineSettingField.forName(segment) != null;
            safe.append('/').append(kept ? segment : WITHHELD_SEGMENT);
        }
        return safe.toString();
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty() || segment.length() > 19) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
