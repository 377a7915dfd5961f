package io.omicsdropzone.samplesheet;

import io.omicsdropzone.disclosure.DisclosedText;
import io.omicsdropzone.disclosure.Disclosure;
import io.omicsdropzone.disclosure.Field;

/**
 * One problem of a samplesheet, placed on the sheet rather than on the JSON it became: {@code row 42 (sample
 * NA12878), column fastq_2: empty value for a required placeholder}.
 *
 * @param row         the record's number, the header being row 1 (as a spreadsheet numbers it); 0 for the sheet as a
 *                    whole
 * @param idColumn    what names the row: the column runSettingId is made of, or {@code runSettingId}; null when unknown
 * @param id          the row's runSettingId (a cell's value), or null
 * @param column      the column (or {@code columns a, b}, or {@code template field /outputUri}) at fault, or null
 * @param message     may quote the sheet
 * @param safeMessage quotes nothing from the sheet (PHI-safe mode)
 */
public record SheetError(long row, String idColumn, String id, String column, String message, String safeMessage) {

    static final int MAX_MESSAGE_CHARS = 300;

    public SheetError {
        message = printable(message);
        safeMessage = printable(safeMessage);
        id = id == null ? null : printable(id);
    }

    public String describe() {
        return describe(Disclosure.FULL);
    }

    /** PHI-safe: no row id and the safe message; the row and column numbers stay, so the sheet can be fixed. */
    public String describe(Disclosure disclosure) {
        return text().render(disclosure);
    }

    /** {@code row 42 (sample NA12878), column fastq_2: message}: the row id and the message are the sheet's. */
    public DisclosedText text() {
        DisclosedText.Builder text = DisclosedText.builder().text(row > 0 ? "row " + row : "sheet");
        if (id != null) {
            text.field(Field.sampleId(" (" + idColumn + " ", id, ")"));
        }
        if (column != null) {
            text.text(", " + (column.startsWith("columns ") || column.startsWith("template ") ? column
                    : "column " + column));
        }
        return text.text(": ").field(Field.fileValue(message, safeMessage)).build();
    }

    /** Control characters and lone surrogates escaped, and bounded, so an error stays one printable line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE_CHARS) + 8);
        for (int i = 0; i < text.length() && out.length() < MAX_MESSAGE_CHARS; i++) {
            char c = text.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pairedSurrogate) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() >= MAX_MESSAGE_CHARS && out.length() < text.length() ? out.append('\u2026').toString()
                : out.toString();
    }
}
