package io.omicsdropzone.samplesheet;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Run in a child JVM with a small -Xmx: converts a generated sheet of {@code args[0]} rows, discarding the JSON, and
 * prints {@code rows errors bytes}. Exits non-zero (OutOfMemoryError) if the conversion holds the sheet or its JSON.
 */
public final class SheetMemoryProbe {

    private SheetMemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        int rows = Integer.parseInt(args[0]);
        OutputStream discard = OutputStream.nullOutputStream();
        SampleSheetReport report = new SampleSheetConverter().convert(new GeneratedSheet(rows), SheetFormat.CSV,
                SampleSheetConverterTest.template(), discard);
        report.errors().forEach(error -> System.err.println(error.describe()));
        System.out.println(report.rowCount() + " " + report.errorCount() + " " + report.bytesWritten());
    }
}
