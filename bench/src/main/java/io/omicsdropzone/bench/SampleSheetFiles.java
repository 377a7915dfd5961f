package io.omicsdropzone.bench;

import io.omicsdropzone.config.PipelinesFile;
import io.omicsdropzone.json.JsonReader;
import io.omicsdropzone.samplesheet.GroupedSheetConverter;
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

    static final GroupedSheetConverter.Locations WHERE = new GroupedSheetConverter.Locations("lab-drops",
            "submitted/bench/", "bench", ".csv");
    private static volatile SampleSheetTemplate nfCore;

    /** The per-sample template of a pipeline with the nf-core/rnaseq schema (found under events/ above here). */
    static SampleSheetTemplate nfCoreTemplate() throws IOException {
        if (nfCore == null) {
            Path events = Path.of("").toAbsolutePath();
            while (events != null && !Files.isDirectory(events.resolve("events/pipelines/nf-core"))) {
                events = events.getParent();
            }
            if (events == null) {
                throw new IOException("events/pipelines/nf-core not found above " + Path.of("").toAbsolutePath());
            }
            String schema = Files.readString(events.resolve("events/pipelines/nf-core/rnaseq_schema_input.json"));
            nfCore = PipelinesFile.parse("""
                    {"pipelines": [{"name": "rnaseq", "keyPrefix": "incoming/rnaseq/",
                      "defaultRunSetting": {"workflowId": "7654321"},
                      "samplesheet": {"schema": %s, "runSetting": {"name": "rnaseq-{sample}"}}}]}""".formatted(schema),
                    new PipelinesFile.Defaults("arn:aws:iam::123456789012:role/bench", "s3://lab-output/"))
                    .named("rnaseq").orElseThrow().samplesheet().orElseThrow();
        }
        return nfCore;
    }

    /** An nf-core/rnaseq sheet of {@code rows} rows, four lanes per sample, written unless already there. */
    static Path ensureNfCoreSheet(Path directory, int rows) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("nfcore-rnaseq-" + rows + "rows.csv");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Path partial = directory.resolve(file.getFileName() + ".partial");
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.write("sample,fastq_1,fastq_2,strandedness\n");
            for (int i = 0; i < rows; i++) {
                int sample = i / 4;
                int lane = 1 + i % 4;
                out.write(String.format("LAB%07d,s3://lab-input/run-%03d/LAB%07d_S1_L00%d_R1_001.fastq.gz,"
                        + "s3://lab-input/run-%03d/LAB%07d_S1_L00%d_R2_001.fastq.gz,%s\n", sample, sample % 997,
                        sample, lane, sample % 997, sample, lane, i % 3 == 0 ? "auto" : "reverse"));
            }
        }
        return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
