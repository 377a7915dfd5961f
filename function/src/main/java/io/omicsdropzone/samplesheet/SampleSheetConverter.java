package io.omicsdropzone.samplesheet;

import io.omicsdropzone.validation.Preflight;
import io.omicsdropzone.validation.ProgressListener;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationError;
import io.omicsdropzone.validation.ValidationReport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a samplesheet (RFC 4180 CSV or TSV with a header row) into a run-settings JSON array, one entry per row, and
 * checks that JSON with the same {@link RunSettingsValidator} as a dropped JSON file, in one streaming pass: the
 * validator pulls the JSON from the converter and every byte it reads is copied to {@code out}. Memory grows only with
 * the validator's runSettingId table and 4 bytes per row (the row each entry came from, to place its errors).
 *
 * <p>The validator's findings are placed back on the sheet: {@code entry 41 /41/parameters/fastq_2} becomes
 * {@code row 42 (sample NA12878), column fastq_2}. Instances are stateless and thread-safe.
 */
public final class SampleSheetConverter {

    public static final int MAX_REPORTED_ERRORS = RunSettingsValidator.MAX_REPORTED_ERRORS;

    /** The validator's duplicate message names the first entry; the sheet names its row instead. */
    private static final Pattern DUPLICATE = Pattern.compile("is already used by entry (\\d+)");
    private static final Pattern TOO_MANY = Pattern.compile("^the file has more than ([0-9,]+) entries");

    private final RunSettingsValidator validator = new RunSettingsValidator();

    /**
     * @param sheet the sheet's bytes (UTF-8, a BOM is skipped); read to the end, not closed
     * @param out   receives the run-settings JSON (UTF-8); written as the sheet is read, not closed. Only a sheet whose
     *              report is valid gives JSON worth keeping.
     * @throws IOException when reading {@code sheet} or writing {@code out} fails (never for malformed content)
     */
    public SampleSheetReport convert(InputStream sheet, SheetFormat format, SampleSheetTemplate template,
                                     OutputStream out) throws IOException {
        return convert(sheet, format, template, out, ProgressListener.NONE);
    }

    /** As above, telling {@code listener} how many entries (rows) and JSON bytes have been produced. */
    public SampleSheetReport convert(InputStream sheet, SheetFormat format, SampleSheetTemplate template,
                                     OutputStream out, ProgressListener listener) throws IOException {
        return convert(sheet, format, template, out, listener, Preflight.NONE);
    }

    /** As above, with the pre-flight checks (workflow parameters, input objects) run on each converted row. */
    public SampleSheetReport convert(InputStream sheet, SheetFormat format, SampleSheetTemplate template,
                                     OutputStream out, ProgressListener listener, Preflight preflight)
            throws IOException {
        Objects.requireNonNull(out, "out");
        if (template.runs().grouped()) {
            throw new IllegalArgumentException("per-sample and whole sheets are converted by GroupedSheetConverter");
        }
        SheetErrors sheetErrors = new SheetErrors(MAX_REPORTED_ERRORS);
        SheetSchema schema = template.runs().schema();
        try (SheetRecords csv = new SheetRecords(sheet, format);
             SchemaRowCheck check = schema == null ? null : new SchemaRowCheck(schema, template.idColumn(),
                     preflight.inputs(), preflight.concurrency())) {
            SheetJsonStream json = new SheetJsonStream(csv, template, sheetErrors, check);
            Tee tee = new Tee(json, out);
            ValidationReport report = validator.validate(tee, -1, listener, preflight);
            tee.drain();
            SheetErrors missing = check == null ? new SheetErrors(0) : check.finish();
            return merge(json, template, sheetErrors, missing, report, tee.copied);
        }
    }

    private static SampleSheetReport merge(SheetJsonStream json, SampleSheetTemplate template, SheetErrors sheetErrors,
                                           SheetErrors missing, ValidationReport report, long bytes) {
        List<SheetError> errors = new ArrayList<>(sheetErrors.kept());
        errors.addAll(missing.kept());
        long total = sheetErrors.total() + missing.total() + report.errorCount();
        java.util.Set<String> checked = new java.util.HashSet<>();
        missing.kept().forEach(error -> checked.add(error.row() + "\u0000" + error.column()));
        for (ValidationError error : report.errors()) {
            if (error.entryIndex() < 0 && json.entries() == 0) {
                total--; // "the array is empty": the sheet's own errors already say why no row became an entry
                continue;
            }
            SheetError placed = place(error, json, template);
            if (checked.contains(placed.row() + "\u0000" + placed.column())) {
                total--; // the schema's exists check already reported this cell's file
                continue;
            }
            errors.add(placed);
        }
        errors.sort(Comparator.comparingLong(SheetError::row)); // stable: conversion errors first within a row
        List<SheetError> kept = errors.subList(0, Math.min(errors.size(), MAX_REPORTED_ERRORS));
        return new SampleSheetReport(json.dataRows(), total, kept, bytes);
    }

    /** A validator error said in the sheet's terms. */
    static SheetError place(ValidationError error, SheetJsonStream json, SampleSheetTemplate template) {
        if (error.entryIndex() < 0) {
            return new SheetError(0, null, null, null, error.message(), error.safeMessage());
        }
        long row = json.rowOf(error.entryIndex());
        String idColumn = template.idColumn() != null ? template.idColumn() : "runSettingId";
        Matcher duplicate = DUPLICATE.matcher(error.message());
        if (duplicate.find()) {
            long firstRow = json.rowOf(Long.parseLong(duplicate.group(1)));
            String id = error.runSettingId() == null ? "" : " " + TemplateNode.Quote.of(error.runSettingId());
            return new SheetError(row, null, null, null,
                    idColumn + id + " repeats row " + firstRow + " (runSettingId must be unique)",
                    idColumn + " repeats row " + firstRow + " (runSettingId must be unique)");
        }
        Matcher tooMany = TOO_MANY.matcher(error.message());
        if (tooMany.find()) {
            String message = "the sheet has more than " + tooMany.group(1) + " rows, the HealthOmics limit for one"
                    + " batch";
            return new SheetError(row, null, null, null, message, message);
        }
        String pointer = error.pointer();
        int afterIndex = pointer.indexOf('/', 1);
        String member = afterIndex < 0 ? "" : pointer.substring(afterIndex);
        Set<String> columns = template.columnsAt(member);
        String column = columns.size() == 1 ? columns.iterator().next()
                : columns.size() > 1 ? "columns " + String.join(", ", columns)
                : member.isEmpty() ? null : "template field " + member;
        return new SheetError(row, idColumn, error.runSettingId(), column, error.message(), error.safeMessage());
    }

    /** Copies everything read to {@code out}; {@link #drain} reads what the reader left, so the copy is whole. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream out;
        private long copied;

        Tee(InputStream in, OutputStream out) {
            super(in);
            this.out = out;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                out.write(b);
                copied++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                out.write(buffer, offset, n);
                copied += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        void drain() throws IOException {
            byte[] scratch = new byte[8192];
            while (read(scratch, 0, scratch.length) >= 0) {
                // copied by read
            }
        }
    }
}
