package io.omicsdropzone.samplesheet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.omicsdropzone.validation.RunSettingsValidator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The samplesheet as a run-settings JSON array, produced a row at a time as it is read: the validator pulls from it, so
 * neither the sheet nor the JSON is ever held whole.
 *
 * <p>A row whose cells do not fit the template (an empty required cell, a value of the wrong type, too few or too many
 * cells) is reported here and left out of the JSON, so the validator's findings are only about rows that converted;
 * the sheet is rejected either way. Malformed CSV (an unclosed quote, text after a closing quote) or bad UTF-8 ends
 * the conversion with an error, and the JSON is closed cleanly so validation still finishes. Errors reading the
 * underlying stream propagate.
 */
final class SheetJsonStream extends InputStream {

    /**
     * Sees the header and each well-formed row before the template (if any) converts it: a pipeline's schema checks
     * rows here, and the per-sample and whole modes take their rows from here.
     */
    interface RowCheck {
        /** @param names the header's cells, stripped; @return false when no row can be read (errors added) */
        boolean header(List<String> names, SheetErrors errors);

        /**
         * @param cells the row's cells, stripped, one per header column (a trailing separator's empty cells dropped)
         * @return false to leave the row out of the JSON (its errors added)
         */
        boolean row(long row, List<String> cells, SheetErrors errors);
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int MAX_TRACKED_ENTRIES = (int) RunSettingsValidator.MAX_ENTRIES + 1;

    private final SheetRecords csv;
    private final SampleSheetTemplate template;
    private final SheetErrors errors;
    private final RowCheck check;

    private final Buffer row = new Buffer();
    private final JsonGenerator rowJson;
    private final Buffer pending = new Buffer();
    private int pendingAt;

    private final List<String> cells = new ArrayList<>();
    /** Declared column → position in the sheet's header. */
    private int[] positions;
    private int headerWidth;
    private final String[] values;
    private final List<String[]> problems = new ArrayList<>();

    /** The sheet row of each entry written; bounded by the entry limit, past which only a count matters. */
    private int[] entryRows = new int[1024];
    private int entries;
    private long rowNumber;
    private long dataRows;
    private long blankRun;
    private boolean started;
    private boolean finished;
    /** Whether the record being read has begun (its row number counted). */
    private boolean inRecord;
    /** Malformed content ended the sheet. */
    private boolean stopped;

    SheetJsonStream(SheetRecords csv, SampleSheetTemplate template, SheetErrors errors) throws IOException {
        this(csv, template, errors, null);
    }

    /**
     * @param template converts each row into an entry; null: no entries (the rows go to {@code check} only)
     * @param check    sees the header and every row first, or null
     */
    SheetJsonStream(SheetRecords csv, SampleSheetTemplate template, SheetErrors errors, RowCheck check)
            throws IOException {
        this.csv = csv;
        this.template = template;
        this.errors = errors;
        this.check = check;
        this.values = new String[template == null ? 0 : template.columns().size()];
        this.rowJson = JSON.createGenerator(row);
        rowJson.setRootValueSeparator(null);
    }

    /** Entries written to the JSON. */
    int entries() {
        return entries;
    }

    /** Data rows read (converted or not), blank rows excluded. */
    long dataRows() {
        return dataRows;
    }

    /** The sheet row entry {@code index} came from, or -1 when past the tracked limit. */
    long rowOf(long index) {
        return index >= 0 && index < Math.min(entries, MAX_TRACKED_ENTRIES) ? entryRows[(int) index] : -1;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (pendingAt >= pending.size()) {
            if (finished) {
                return -1;
            }
            pending.reset();
            pendingAt = 0;
            fill();
        }
        int n = Math.min(length, pending.size() - pendingAt);
        System.arraycopy(pending.bytes(), pendingAt, buffer, offset, n);
        pendingAt += n;
        return n;
    }

    /** Converts rows until at least one byte is pending or the sheet ended. */
    private void fill() throws IOException {
        if (!started) {
            started = true;
            pending.write('[');
            if (!readHeader()) {
                end();
            }
            return;
        }
        while (pending.size() == 0) {
            if (!readRecord()) {
                if (rowNumber > 0 && dataRows == 0 && !stopped && errors.total() == 0) {
                    errors.add(new SheetError(0, null, null, null, "the sheet has a header but no rows",
                            "the sheet has a header but no rows"));
                }
                end();
                return;
            }
            if (isBlank()) {
                blankRun++;
                continue;
            }
            if (blankRun > 0) {
                long first = rowNumber - blankRun;
                String rows = blankRun == 1 ? "row " + first + " is" : "rows " + first + "–" + (rowNumber - 1) + " are";
                String message = rows + " blank; blank rows are allowed only at the end of the sheet";
                errors.add(new SheetError(first, null, null, null, message, message));
                blankRun = 0;
            }
            dataRows++;
            convertRow();
        }
    }

    private void end() {
        pending.write(']');
        finished = true;
    }

    private boolean readHeader() throws IOException {
        if (!readRecord()) {
            if (!stopped) {
                errors.add(new SheetError(0, null, null, null, "the sheet is empty; the header row is required",
                        "the sheet is empty; the header row is required"));
            }
            return false;
        }
        headerWidth = cells.size();
        if (check != null && !check.header(cells.stream().map(String::strip).toList(), errors)) {
            return false;
        }
        if (template == null) {
            return true;
        }
        Map<String, Integer> header = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String name = cells.get(i).strip();
            Integer before = header.putIfAbsent(name, i);
            if (before != null && template.columns().contains(name)) {
                repeated.add("'" + name + "' (columns " + (before + 1) + " and " + (i + 1) + ")");
            }
        }
        positions = new int[template.columns().size()];
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < positions.length; c++) {
            Integer at = header.get(template.columns().get(c));
            positions[c] = at == null ? -1 : at;
            if (at == null) {
                missing.add(template.columns().get(c));
            }
        }
        if (!repeated.isEmpty()) {
            String message = "header: " + String.join(", ", repeated) + " named twice; each column must be named once";
            errors.add(new SheetError(1, null, null, null, message, message));
        }
        if (!missing.isEmpty()) {
            String message = "header: missing column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + "; row 1 must name the columns " + String.join(", ", template.columns());
            errors.add(new SheetError(1, null, null, null, message, message));
        }
        return repeated.isEmpty() && missing.isEmpty();
    }

    /** The next record's cells, or false at the end (or when malformed CSV ended the sheet). */
    private boolean readRecord() throws IOException {
        cells.clear();
        inRecord = false;
        try {
            if (!csv.next(cells)) {
                return false;
            }
            rowNumber++;
            return true;
        } catch (SheetRecords.Malformed malformed) {
            // The record being read when the content broke: begun, so counted as a row of the sheet.
            inRecord = true;
            rowNumber++;
            malformed(malformed.getMessage(), malformed.safeMessage(), malformed.line());
            return false;
        }
    }

    private void malformed(String message, String safeMessage, long where) {
        stopped = true;
        long at = inRecord ? rowNumber : rowNumber + 1;
        String line = where < 1 ? "" : " (line " + where + ")";
        errors.add(new SheetError(Math.max(at, 1), null, null, null, message + line
                + "; conversion stopped here", safeMessage + line + "; conversion stopped here"));
        dataRows += inRecord && at > 1 ? 1 : 0;
    }

    /** An empty line, or a line of separators only ({@code ,,,,}), which spreadsheets write after the last row. */
    private boolean isBlank() {
        for (String cell : cells) {
            if (!cell.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private void convertRow() throws IOException {
        problems.clear();
        if (cells.size() != headerWidth && !extraCellsEmpty()) {
            String message = "has " + cells.size() + " value" + (cells.size() == 1 ? "" : "s") + " but the header has "
                    + headerWidth + " column" + (headerWidth == 1 ? "" : "s");
            errors.add(new SheetError(rowNumber, null, null, null, message, message));
            return;
        }
        if (check != null) {
            List<String> stripped = new ArrayList<>(headerWidth);
            for (int i = 0; i < headerWidth; i++) {
                stripped.add(i < cells.size() ? cells.get(i).strip() : "");
            }
            if (!check.row(rowNumber, stripped, errors) || template == null) {
                return;
            }
        } else if (template == null) {
            return;
        }
        Arrays.fill(values, "");
        for (int c = 0; c < values.length; c++) {
            values[c] = positions[c] < cells.size() ? cells.get(positions[c]).strip() : "";
        }
        row.reset();
        template.runSetting().write(rowJson, new TemplateNode.Row() {
            @Override
            public String cell(int index) {
                return values[index];
            }

            @Override
            public void problem(String column, String message, String safeMessage) {
                for (String[] seen : problems) {
                    if (seen[0].equals(column) && seen[1].equals(message)) {
                        return; // one cell used in several places of the template is one problem
                    }
                }
                problems.add(new String[] {column, message, safeMessage});
            }
        });
        rowJson.flush();
        if (!problems.isEmpty()) {
            String idColumn = template.idColumn();
            String id = idColumn == null ? null : values[template.columns().indexOf(idColumn)];
            for (String[] problem : problems) {
                errors.add(new SheetError(rowNumber, idColumn, id == null || id.isEmpty() ? null : id, problem[0],
                        problem[1], problem[2]));
            }
            return;
        }
        if (entries > 0) {
            pending.write(',');
        }
        pending.write(row.bytes(), 0, row.size());
        if (entries < MAX_TRACKED_ENTRIES) {
            if (entries == entryRows.length) {
                entryRows = Arrays.copyOf(entryRows, Math.min(entryRows.length * 2, MAX_TRACKED_ENTRIES));
            }
            entryRows[entries] = (int) Math.min(rowNumber, Integer.MAX_VALUE);
        }
        entries++;
    }

    /** A row longer than the header is fine when the extra cells are empty (a trailing separator). */
    private boolean extraCellsEmpty() {
        if (cells.size() < headerWidth) {
            return false;
        }
        for (int i = headerWidth; i < cells.size(); i++) {
            if (!cells.get(i).isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** A byte buffer whose array can be read without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(8192);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
