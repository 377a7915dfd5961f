package io.omicsdropzone.bench;

import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SampleSheetFilesTest {

    @Test
    void theGeneratedSheetConvertsToAValidRunSettingsFileOfOneEntryPerRow(@TempDir Path dir) throws IOException {
        Path sheet = SampleSheetFiles.ensureSheet(dir, 250);
        Path json = SampleSheetFiles.ensureJson(sheet);

        assertThat(Files.readAllLines(sheet)).hasSize(251).first().isEqualTo(String.join(",", SampleSheetFiles.COLUMNS));
        ValidationReport report = new RunSettingsValidator().validate(json);
        assertThat(report.valid()).isTrue();
        assertThat(report.entryCount()).isEqualTo(250);
        assertThat(Candidate.SAMPLESHEET.run(sheet).entries()).isEqualTo(250);
        assertThat(Candidate.SAMPLESHEET.run(sheet).errors()).isZero();
    }
}
