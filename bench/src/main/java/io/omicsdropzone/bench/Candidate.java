package io.omicsdropzone.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omicsdropzone.app.TempFileSpool;
import io.omicsdropzone.samplesheet.GroupedSheetConverter;
import io.omicsdropzone.samplesheet.SampleSheetConverter;
import io.omicsdropzone.samplesheet.SampleSheetReport;
import io.omicsdropzone.samplesheet.SheetFormat;
import io.omicsdropzone.spool.Spool;
import io.omicsdropzone.spool.SpoolFile;
import io.omicsdropzone.validation.Preflight;
import io.omicsdropzone.validation.ProgressListener;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The three ways of reading the same bytes that the benchmark compares. */
enum Candidate {

    VALIDATOR("a", "RunSettingsValidator (streaming)") {
        private final RunSettingsValidator validator = new RunSettingsValidator();

        @Override
        Outcome run(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                ValidationReport report = validator.validate(in, Files.size(file));
                return new Outcome(report.entryCount(), report.errorCount(), report);
            }
        }
    },

    RAW_SCAN("b", "Jackson token scan (ceiling)") {
        private final JsonFactory json = new JsonFactory();

        @Override
        Outcome run(Path file) throws IOException {
            long tokens = 0;
            try (InputStream in = Files.newInputStream(file); JsonParser parser = json.createParser(in)) {
                while (parser.nextToken() != null) {
                    tokens++;
                }
            }
            return new Outcome(-1, 0, tokens);
        }
    },

    /** Not a JSON reader: converts a samplesheet (CSV) into the JSON and validates it, the JSON discarded. */
    SAMPLESHEET("d", "SampleSheetConverter CSV → JSON + validator") {
        private final SampleSheetConverter converter = new SampleSheetConverter();

        @Override
        Outcome run(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                SampleSheetReport report = converter.convert(in, SheetFormat.CSV, SampleSheetFiles.TEMPLATE,
                        OutputStream.nullOutputStream());
                return new Outcome(report.rowCount(), report.errorCount(), report);
            }
        }
    },

    /**
     * An nf-core/rnaseq sheet (4 lanes per sample) checked with the real rnaseq schema_input.json, grouped per sample
     * and spooled, the run settings generated and validated: what a per-sample drop costs before its sheets are
     * written (input checks off).
     */
    SCHEMA_SHEET("e", "nf-core sheet: rnaseq schema + per-sample + validator") {
        @Override
        Outcome run(Path file) throws IOException {
            Spool spool = new TempFileSpool();
            try (SpoolFile json = spool.create("bench-runs", ".json");
                 InputStream in = Files.newInputStream(file);
                 GroupedSheetConverter.Result result = new GroupedSheetConverter(spool).convert(in, SheetFormat.CSV,
                         SampleSheetFiles.nfCoreTemplate(), Preflight.NONE, SampleSheetFiles.WHERE, json,
                         ProgressListener.NONE)) {
                return new Outcome(result.report().rowCount(), result.report().errorCount(), result);
            }
        }
    },

    TREE_PEER("c", "ObjectMapper.readTree + checks (peer)") {
        // Strict duplicate detection so the peer checks what the validator checks (it throws on the first one).
        private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

        @Override
        Outcome run(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                JsonNode tree = mapper.readTree(in);
                TreeValidator.Result result = TreeValidator.check(tree);
                return new Outcome(result.entries(), result.errors(), tree);
            }
        }
    };

    /** The candidates that read run-settings JSON, compared on the same files. */
    static final List<Candidate> JSON_READERS = List.of(VALIDATOR, RAW_SCAN, TREE_PEER);

    private final String letter;
    private final String label;

    Candidate(String letter, String label) {
        this.letter = letter;
        this.label = label;
    }

    String letter() {
        return letter;
    }

    String label() {
        return letter + ": " + label;
    }

    abstract Outcome run(Path file) throws IOException;

    /**
     * @param entries  entries counted, -1 when the candidate does not count them
     * @param errors   problems found
     * @param retained what the candidate built (kept reachable while the heap is measured)
     */
    record Outcome(long entries, long errors, Object retained) {
    }
}
