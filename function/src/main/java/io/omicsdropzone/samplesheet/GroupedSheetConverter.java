package io.omicsdropzone.samplesheet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.omicsdropzone.spool.Spool;
import io.omicsdropzone.spool.SpoolFile;
import io.omicsdropzone.validation.InputObjects;
import io.omicsdropzone.validation.Preflight;
import io.omicsdropzone.validation.ProgressListener;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationError;
import io.omicsdropzone.validation.ValidationReport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-sample and whole modes: a sheet becomes one run per sample (its rows grouped by the sample key, each group
 * written as a sheet of its own) or one run for the whole sheet, each run's input parameter the S3 URI of its sheet.
 *
 * <p>One pass over the dropped sheet checks every row (the schema, if any) and spools the rows that passed, re-written
 * as CSV, to a spool file, remembering only each row's offset and each sample's rows; then the run settings are
 * generated (the template's extras evaluated on each sample's first row) and checked by the same validator as a
 * dropped JSON file, with pre-flight. Nothing is written to S3 here: the caller writes the sheets only when the
 * report is valid, so a rejected sheet leaves nothing behind.
 */
public final class GroupedSheetConverter {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /**
     * Where the run's sheets go and what a whole sheet is called.
     *
     * @param bucket         the snapshot bucket
     * @param folder         {@code <SNAPSHOT_PREFIX><requestId>/}: every sheet of the drop lies under it
     * @param wholeName      whole mode: the runSettingId (the file name without extension, or a hash in PHI-safe mode)
     * @param wholeExtension whole mode: the dropped sheet's extension, kept ({@code .csv}, {@code .TSV}, ...)
     */
    public record Locations(String bucket, String folder, String wholeName, String wholeExtension) {

        String uri(String key) {
            return "s3://" + bucket + "/" + key;
        }
    }

    /**
     * A sheet to write: a per-sample sheet (its content from the spool), or, in whole mode, the dropped sheet itself
     * ({@code content} null: the caller copies the dropped object byte for byte).
     */
    public record SheetFile(String key, String runSettingId, SheetContent content) {
    }

    /** The outcome; holds the rows' spool file until closed. */
    public static final class Result implements AutoCloseable {
        private final SampleSheetReport report;
        private final List<SheetFile> sheets;
        private final SpoolFile spool;

        Result(SampleSheetReport report, List<SheetFile> sheets, SpoolFile spool) {
            this.report = report;
            this.sheets = List.copyOf(sheets);
            this.spool = spool;
        }

        public SampleSheetReport report() {
            return report;
        }

        /** The runs (samples, or 1 for a whole sheet). */
        public int runCount() {
            return sheets.size();
        }

        /** In the runs' order; only worth writing when the report is valid. */
        public List<SheetFile> sheets() {
            return sheets;
        }

        @Override
        public void close() throws IOException {
            if (spool != null) {
                spool.close();
            }
        }
    }

    private final RunSettingsValidator validator = new RunSettingsValidator();
    private final Spool spool;

    /** @param spool where the rows of a per-sample sheet wait until each sample's sheet is written */
    public GroupedSheetConverter(Spool spool) {
        this.spool = spool;
    }

    /**
     * @param json receives the run settings (one entry per sample); checked in place afterwards
     * @throws IOException reading the sheet, or the spool
     */
    public Result convert(InputStream sheet, SheetFormat format, SampleSheetTemplate template, Preflight preflight,
                          Locations where, SpoolFile json, ProgressListener listener) throws IOException {
        SheetRuns runs = template.runs();
        if (!runs.grouped()) {
            throw new IllegalArgumentException("per-row sheets are converted by SampleSheetConverter");
        }
        SheetErrors errors = new SheetErrors(SampleSheetConverter.MAX_REPORTED_ERRORS);
        SpoolFile rowSpool = runs.mode() == SheetRuns.Mode.PER_SAMPLE ? spool.create("omics-dropzone-rows", ".csv")
                : null;
        boolean done = false;
        try (Grouping grouping = new Grouping(template, preflight, rowSpool, where.wholeName())) {
            long rows;
            SheetErrors missingInputs;
            try (SheetRecords csv = new SheetRecords(sheet, format)) {
                SheetJsonStream stream = new SheetJsonStream(csv, null, errors, grouping);
                stream.transferTo(OutputStream.nullOutputStream());
                rows = stream.dataRows();
                missingInputs = grouping.finishChecks();
            }
            grouping.closeSpool();
            List<SheetFile> sheets = new ArrayList<>();
            List<SheetError> found = new ArrayList<>(errors.kept());
            long total = errors.total();
            found.addAll(missingInputs.kept());
            total += missingInputs.total();
            if (grouping.headerOk) {
                List<Group> groups = grouping.groups();
                SheetErrors templateErrors = new SheetErrors(SampleSheetConverter.MAX_REPORTED_ERRORS);
                List<Group> written = writeJson(groups, template, where, json, templateErrors, sheets, grouping);
                found.addAll(templateErrors.kept());
                total += templateErrors.total();
                ValidationReport report;
                try (InputStream in = json.input()) {
                    report = validator.validate(in, json.size(), listener, ownSheetsExist(preflight, where));
                }
                for (ValidationError error : report.errors()) {
                    if (error.entryIndex() < 0 && written.isEmpty()) {
                        continue; // "the array is empty": the rows' own errors say why
                    }
                    found.add(place(error, written, grouping.idColumn));
                }
                total += report.errorCount() - report.errors().stream()
                        .filter(e -> e.entryIndex() < 0 && written.isEmpty()).count();
            }
            found.sort(Comparator.comparingLong(SheetError::row));
            List<SheetError> kept = found.subList(0, Math.min(found.size(), SampleSheetConverter.MAX_REPORTED_ERRORS));
            Result result = new Result(new SampleSheetReport(rows, total, kept, json.size()),
                    total == 0 ? sheets : List.of(), rowSpool);
            done = true;
            return result;
        } finally {
            if (!done && rowSpool != null) {
                rowSpool.close();
            }
        }
    }

    /** Writes one entry per sample; a sample whose extras do not convert is reported and left out. */
    private static List<Group> writeJson(List<Group> groups, SampleSheetTemplate template, Locations where,
                                         SpoolFile json, SheetErrors errors, List<SheetFile> sheets,
                                         Grouping grouping)
            throws IOException {
        List<Group> written = new ArrayList<>();
        int sampleIndex = template.columns().indexOf(SampleSheetTemplate.SAMPLE_KEY);
        int uriIndex = template.columns().indexOf(SampleSheetTemplate.SHEET_URI);
        boolean whole = template.runs().mode() == SheetRuns.Mode.WHOLE;
        try (OutputStream out = new BufferedOutputStream(json.output(), 1 << 16);
             JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartArray();
            for (Group group : groups) {
                String key = where.folder() + SheetCsv.keyPart(group.id)
                        + (whole ? where.wholeExtension() : ".csv");
                List<String[]> problems = new ArrayList<>();
                TemplateNode.Row row = new TemplateNode.Row() {
                    @Override
                    public String cell(int index) {
                        if (index == sampleIndex) {
                            return group.id;
                        }
                        if (index == uriIndex) {
                            return where.uri(key);
                        }
                        String cell = group.cells[index];
                        return cell == null ? "" : cell;
                    }

                    @Override
                    public void problem(String column, String message, String safeMessage) {
                        problems.add(new String[] {column, message, safeMessage});
                    }
                };
                java.io.ByteArrayOutputStream entry = new java.io.ByteArrayOutputStream();
                try (JsonGenerator one = JSON.createGenerator(entry)) {
                    template.runSetting().write(one, row);
                }
                if (!problems.isEmpty()) {
                    for (String[] problem : problems) {
                        errors.add(new SheetError(group.firstRow, grouping.idColumn, group.id, problem[0], problem[1],
                                problem[2]));
                    }
                    continue;
                }
                generator.writeRawValue(entry.toString(java.nio.charset.StandardCharsets.UTF_8));
                written.add(group);
                sheets.add(new SheetFile(key, group.id, whole ? null : grouping.content(group)));
            }
            generator.writeEndArray();
        }
        return written;
    }

    /**
     * The validator's input checks would look for the sheets the dropzone is about to write: those exist once
     * written, so they count as found; every other input is checked as usual.
     */
    private static Preflight ownSheetsExist(Preflight preflight, Locations where) {
        if (preflight.inputs() == null) {
            return preflight;
        }
        InputObjects real = preflight.inputs();
        InputObjects own = new InputObjects() {
            @Override
            public Existence object(String bucket, String key) {
                return bucket.equals(where.bucket()) && key.startsWith(where.folder()) ? Existence.FOUND
                        : real.object(bucket, key);
            }

            @Override
            public Existence anyUnder(String bucket, String prefix) {
                return real.anyUnder(bucket, prefix);
            }
        };
        // Only where inputs are looked up changes: the invocation's deadline and saved progress still bound the checks.
        return preflight.withInputs(own);
    }

    private static SheetError place(ValidationError error, List<Group> written, String idColumn) {
        if (error.entryIndex() < 0 || error.entryIndex() >= written.size()) {
            return new SheetError(0, null, null, null, error.message(), error.safeMessage());
        }
        Group group = written.get((int) error.entryIndex());
        String pointer = error.pointer();
        int afterIndex = pointer.indexOf('/', 1);
        String member = afterIndex < 0 ? "" : pointer.substring(afterIndex);
        String column = member.isEmpty() ? null : member.equals("/runSettingId") ? idColumn : "template field " + member;
        return new SheetError(group.firstRow, idColumn, group.id, column, error.message(), error.safeMessage());
    }

    /** One run: a sample's rows (per sample) or every row (whole). */
    private static final class Group {
        final String id;
        final long firstRow;
        /** The first row's cells of the template's columns (only those the template reads), else null. */
        final String[] cells;
        int[] spooled = new int[2];
        int count;
        long bytes;

        Group(String id, long firstRow, String[] cells) {
            this.id = id;
            this.firstRow = firstRow;
            this.cells = cells;
        }

        void add(int spoolIndex, int length) {
            if (count == spooled.length) {
                spooled = Arrays.copyOf(spooled, count * 2);
            }
            spooled[count++] = spoolIndex;
            bytes += length;
        }
    }

    /** Sees every row: the schema's checks, then the sample key and the spool. */
    private static final class Grouping implements SheetJsonStream.RowCheck, AutoCloseable {
        private final SampleSheetTemplate template;
        private final SheetRuns runs;
        private final SchemaRowCheck schema;
        private final SpoolFile spoolFile;
        private final OutputStream spool;
        private final Map<String, Group> groups = new LinkedHashMap<>();
        private final Set<String> used;
        final String idColumn;
        private List<String> header;
        private byte[] headerLine;
        private int[] sampleAt;
        private int[] templateAt;
        private long[] offsets = new long[1024];
        private int[] lengths = new int[1024];
        private int spooled;
        private long spoolBytes;
        boolean headerOk;

        Grouping(SampleSheetTemplate template, Preflight preflight, SpoolFile spoolFile, String wholeName)
                throws IOException {
            this.wholeName = wholeName;
            this.template = template;
            this.runs = template.runs();
            this.idColumn = runs.mode() == SheetRuns.Mode.WHOLE ? "sheet" : String.join("_", runs.sampleColumns());
            String schemaId = runs.sampleColumns().size() == 1 ? runs.sampleColumns().get(0) : null;
            this.schema = runs.schema() == null ? null
                    : new SchemaRowCheck(runs.schema(), schemaId, preflight.inputs(), preflight.concurrency());
            this.spoolFile = spoolFile;
            this.spool = spoolFile == null ? null
                    : new BufferedOutputStream(spoolFile.output(), 1 << 16);
            this.used = TemplateNode.columnsOf(template.runSetting());
        }

        @Override
        public boolean header(List<String> names, SheetErrors errors) {
            header = names;
            if (schema != null && !schema.header(names, errors)) {
                return false;
            }
            List<String> missing = new ArrayList<>();
            sampleAt = new int[runs.sampleColumns().size()];
            for (int i = 0; i < sampleAt.length; i++) {
                sampleAt[i] = names.indexOf(runs.sampleColumns().get(i));
                if (sampleAt[i] < 0) {
                    missing.add(runs.sampleColumns().get(i));
                }
            }
            if (runs.schema() == null) {
                template.columns().stream().filter(c -> !c.startsWith(" ") && !names.contains(c))
                        .forEach(missing::add);
            }
            if (!missing.isEmpty()) {
                String message = "header: missing column" + (missing.size() == 1 ? " " : "s ")
                        + String.join(", ", missing) + " (the sample key is " + String.join(" + ",
                        runs.sampleColumns()) + ")";
                errors.add(new SheetError(1, null, null, null, message, message));
                return false;
            }
            templateAt = new int[template.columns().size()];
            for (int i = 0; i < templateAt.length; i++) {
                String column = template.columns().get(i);
                templateAt[i] = used.contains(column) ? names.indexOf(column) : -1;
            }
            headerLine = SheetCsv.line(names);
            headerOk = true;
            return true;
        }

        @Override
        public boolean row(long row, List<String> cells, SheetErrors errors) {
            if (schema != null && !schema.row(row, cells, errors)) {
                return false;
            }
            String id;
            if (runs.mode() == SheetRuns.Mode.WHOLE) {
                id = "";
            } else {
                StringBuilder key = new StringBuilder();
                List<String> empty = new ArrayList<>();
                for (int i = 0; i < sampleAt.length; i++) {
                    String cell = cells.get(sampleAt[i]);
                    if (cell.isEmpty()) {
                        empty.add(runs.sampleColumns().get(i));
                    }
                    key.append(i > 0 ? "_" : "").append(cell);
                }
                if (!empty.isEmpty()) {
                    String message = "empty sample key: " + String.join(", ", empty) + " must name the sample";
                    errors.add(new SheetError(row, null, null, empty.get(0), message, message));
                    return false;
                }
                id = key.toString();
            }
            Group group = groups.get(id);
            if (group == null) {
                String[] first = new String[templateAt.length];
                for (int i = 0; i < templateAt.length; i++) {
                    first[i] = templateAt[i] >= 0 && templateAt[i] < cells.size() ? cells.get(templateAt[i]) : null;
                }
                group = new Group(id, row, first);
                groups.put(id, group);
            }
            if (spool != null) {
                byte[] line = SheetCsv.line(cells);
                try {
                    spool.write(line);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (spooled == offsets.length) {
                    offsets = Arrays.copyOf(offsets, spooled * 2);
                    lengths = Arrays.copyOf(lengths, spooled * 2);
                }
                offsets[spooled] = spoolBytes;
                lengths[spooled] = line.length;
                spoolBytes += line.length;
                group.add(spooled++, line.length);
            }
            return true;
        }

        SheetErrors finishChecks() throws IOException {
            return schema == null ? new SheetErrors(0) : schema.finish();
        }

        void closeSpool() throws IOException {
            if (spool != null) {
                spool.close();
            }
        }

        List<Group> groups() {
            List<Group> all = new ArrayList<>(groups.values());
            if (runs.mode() == SheetRuns.Mode.WHOLE && !all.isEmpty()) {
                Group whole = all.get(0);
                return List.of(new Group(wholeName, whole.firstRow, whole.cells));
            }
            return all;
        }

        private final String wholeName;

        /** A sample's sheet: the header, then its rows in the order of the dropped sheet. */
        SheetContent content(Group group) {
            byte[] headerBytes = headerLine;
            long length = headerBytes.length + group.bytes;
            int[] rows = Arrays.copyOf(group.spooled, group.count);
            long[] at = offsets;
            int[] sizes = lengths;
            SpoolFile file = spoolFile;
            return new SheetContent() {
                @Override
                public long length() {
                    return length;
                }

                @Override
                public InputStream open() throws IOException {
                    return new SpooledSheet(headerBytes, rows, at, sizes, file);
                }
            };
        }

        @Override
        public void close() throws IOException {
            if (schema != null) {
                schema.close();
            }
            closeSpool();
        }
    }

    /** Reads a sample's rows back from the spool, one positioned read per row. */
    private static final class SpooledSheet extends InputStream {
        private final SeekableByteChannel channel;
        private final int[] rows;
        private final long[] offsets;
        private final int[] lengths;
        private ByteBuffer current;
        private int next;

        SpooledSheet(byte[] header, int[] rows, long[] offsets, int[] lengths, SpoolFile file) throws IOException {
            this.channel = file.channel();
            this.rows = rows;
            this.offsets = offsets;
            this.lengths = lengths;
            this.current = ByteBuffer.wrap(header);
        }

        private boolean fill() throws IOException {
            while (!current.hasRemaining()) {
                if (next == rows.length) {
                    return false;
                }
                int row = rows[next++];
                ByteBuffer buffer = ByteBuffer.allocate(lengths[row]);
                long position = offsets[row];
                while (buffer.hasRemaining()) {
                    int n = channel.position(position + buffer.position()).read(buffer);
                    if (n < 0) {
                        throw new IOException("the row spool ended early");
                    }
                }
                buffer.flip();
                current = buffer;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? current.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, current.remaining());
            current.get(buffer, offset, n);
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
