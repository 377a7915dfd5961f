package io.omicsdropzone.bench;

import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.samplesheet.SampleSheetConverter;
import io.omicsdropzone.samplesheet.SampleSheetReport;
import io.omicsdropzone.samplesheet.SampleSheetTemplate;
import io.omicsdropzone.samplesheet.SheetFormat;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A germline-WGS-like samplesheet (sample, two FASTQs, patient, priority, threads, a quoted free-text note with a
 * comma) and the run-settings JSON it converts to, so the converter and the JSON validator are timed on the same runs.
 */
final class SampleSheetFiles {

    static final List<String> COLUMNS = List.of("sample", "fastq_1", "fastq_2", "patient_id", "priority", "threads",
            "notes");
    static final SampleSheetTemplate TEMPLATE = compile();

    private SampleSheetFiles() {
    }

    private static SampleSheetTemplate compile() {
        List<String> problems = new ArrayList<>();
        SampleSheetTemplate template = SampleSheetTemplate.compile(COLUMNS, JsonReader.readObject("""
                {"runSettingId": "{sample}", "priority": "{priority:int}",
                 "parameters": {"fastq_1": "{fastq_1}", "fastq_2": "{fastq_2}", "threads": "{threads:int}",
                                "reference": "s3://lab-references/GRCh38/GRCh38.fa"},
                 "outputUri": "s3://lab-output/wgs/{sample}/",
                 "runTags": {"patient": "{patient_id}", "notes": "{notes?}"}}"""), "bench", problems);
        if (template == null) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return template;
    }

    /** The sheet of {@code rows} rows, written unless already there. */
    static Path ensureSheet(Path directory, int rows) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("samplesheet-" + rows + "rows.csv");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Path partial = directory.resolve(file.getFileName() + ".partial");
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.write(String.join(",", COLUMNS));
            out.write("\r\n");
            for (int i = 0; i < rows; i++) {
                out.write(String.format("LAB%07d,s3://lab-input/run-%03d/LAB%07d_S1_L001_R1_001.fastq.gz,"
                        + "s3://lab-input/run-%03d/LAB%07d_S1_L001_R2_001.fastq.gz,patient-%06d,%d,%d,"
                        + "\"cohort %d, batch %d\"\r\n", i, i % 997, i, i % 997, i, i / 2, i % 100, 8 + i % 8,
                        i % 13, i % 997));
            }
        }
        return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The run-settings JSON the sheet converts to, written unless already there. */
    static Path ensureJson(Path sheet) throws IOException {
        Path file = sheet.resolveSibling(sheet.getFileName().toString().replace(".csv", ".json"));
        if (Files.isRegularFile(file)) {
            return file;
        }
        Path partial = sheet.resolveSibling(file.getFileName() + ".partial");
        try (InputStream in = Files.newInputStream(sheet);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            SampleSheetReport report = new SampleSheetConverter().convert(in, SheetFormat.CSV, TEMPLATE, out);
            if (!report.valid()) {
                throw new IllegalStateException("the generated sheet is invalid: " + report.text());
            }
        }
        return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
