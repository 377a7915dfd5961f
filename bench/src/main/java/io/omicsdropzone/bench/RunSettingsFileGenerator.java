package io.omicsdropzone.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * Writes realistic run-settings files: one germline-WGS-like run per entry with nested parameters (FASTQ pairs per
 * sequencing lane, a reference block, scalars), run tags and, for some runs, an output bucket owner. Deterministic for
 * a given entry and lane count, one entry per line. Two lanes make an entry of about 1 KB; more lanes make it larger.
 */
final class RunSettingsFileGenerator {

    private static final JsonFactory JSON = new JsonFactory();

    private RunSettingsFileGenerator() {
    }

    /** Writes the file unless a complete one with the same parameters is already there; returns its path. */
    static Path ensure(Path directory, int entries, int lanesPerRun) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("run-settings-" + entries + "x" + lanesPerRun + "lanes.json");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Path partial = directory.resolve(file.getFileName() + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            write(out, entries, lanesPerRun);
        }
        // Only a finished file gets the final name, so an interrupted run is regenerated next time.
        return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void write(OutputStream out, int entries, int lanesPerRun) throws IOException {
        SplittableRandom random = new SplittableRandom(20_240_617L + entries * 31L + lanesPerRun);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeRaw('[');
            for (int i = 0; i < entries; i++) {
                json.writeRaw(i == 0 ? "\n" : ",\n");
                writeEntry(json, i, lanesPerRun, random);
            }
            json.writeRaw("\n]\n");
        }
    }

    private static void writeEntry(JsonGenerator json, int index, int lanes, SplittableRandom random)
            throws IOException {
        String sample = String.format("S%07d", index);
        String cohort = "cohort-" + (index % 12 + 1);
        String flowcell = "HK" + Integer.toString(0x10000 + random.nextInt(0xEFFFF), 36).toUpperCase() + "BCX2";
        json.writeStartObject();
        json.writeStringField("runSettingId", sample + "-wgs");
        json.writeStringField("name", "Sample " + sample + " germline WGS 30x");
        json.writeStringField("outputUri", "s3://example-omics-results/" + cohort + "/" + sample + "/");
        json.writeNumberField("priority", random.nextInt(100_001));
        json.writeObjectFieldStart("parameters");
        json.writeStringField("sample_name", sample);
        json.writeArrayFieldStart("fastq_pairs");
        for (int lane = 1; lane <= lanes; lane++) {
            String prefix = "s3://example-omics-inputs/" + cohort + "/" + sample + "/" + flowcell + "_L00" + lane;
            json.writeStartObject();
            json.writeStringField("read_group", flowcell + "." + lane);
            json.writeStringField("fastq_1", prefix + "_R1.fastq.gz");
            json.writeStringField("fastq_2", prefix + "_R2.fastq.gz");
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("reference");
        json.writeStringField("fasta", "s3://example-omics-refs/GRCh38/GRCh38_full_analysis_set_plus_decoy_hla.fa");
        json.writeArrayFieldStart("known_sites");
        json.writeString("s3://example-omics-refs/GRCh38/Homo_sapiens_assembly38.dbsnp138.vcf.gz");
        json.writeString("s3://example-omics-refs/GRCh38/Mills_and_1000G_gold_standard.indels.hg38.vcf.gz");
        json.writeEndArray();
        json.writeEndObject();
        json.writeStringField("intervals", "s3://example-omics-refs/GRCh38/wgs_calling_regions.hg38.interval_list");
        json.writeBooleanField("call_variants", random.nextInt(10) != 0);
        json.writeNumberField("min_base_quality", 20 + random.nextInt(3) * 5);
        json.writeNumberField("contamination", random.nextInt(50) / 1000.0);
        json.writeEndObject();
        if (index % 4 == 0) {
            json.writeStringField("outputBucketOwnerId", String.format("%012d", 100_000_000_000L + index));
        }
        json.writeObjectFieldStart("runTags");
        json.writeStringField("project", cohort);
        json.writeStringField("sample", sample);
        json.writeStringField("cost-center", "genomics-core");
        json.writeStringField("submitted-by", "pipeline-bot");
        json.writeEndObject();
        json.writeEndObject();
    }
}
