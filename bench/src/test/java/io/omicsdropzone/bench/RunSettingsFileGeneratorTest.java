package io.omicsdropzone.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omicsdropzone.validation.RunSettingsValidator;
import io.omicsdropzone.validation.ValidationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunSettingsFileGeneratorTest {

    @TempDir
    Path directory;

    @Test
    void generatesValidEntriesOfAboutOneKilobyte() throws IOException {
        Path file = RunSettingsFileGenerator.ensure(directory, 500, 2);

        ValidationReport report = new RunSettingsValidator().validate(file);

        assertThat(report.errors()).isEmpty();
        assertThat(report.entryCount()).isEqualTo(500);
        assertThat(Files.size(file) / 500).isBetween(900L, 1_400L);
    }

    @Test
    void moreLanesMakeLargerEntries() throws IOException {
        Path file = RunSettingsFileGenerator.ensure(directory, 50, 42);

        assertThat(new RunSettingsValidator().validate(file).valid()).isTrue();
        assertThat(Files.size(file) / 50).isBetween(9_000L, 13_000L);
    }

    @Test
    void theSameParametersGiveTheSameBytesAndAreReused() throws IOException {
        Path first = RunSettingsFileGenerator.ensure(directory.resolve("one"), 20, 2);
        Path second = RunSettingsFileGenerator.ensure(directory.resolve("two"), 20, 2);
        long modified = Files.getLastModifiedTime(first).toMillis();

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        assertThat(RunSettingsFileGenerator.ensure(directory.resolve("one"), 20, 2)).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(first).toMillis()).isEqualTo(modified);
    }

    @Test
    void thePeerAgreesThatGeneratedFilesAreValid() throws IOException {
        Path file = RunSettingsFileGenerator.ensure(directory, 300, 2);

        TreeValidator.Result result = TreeValidator.check(new ObjectMapper().readTree(file.toFile()));

        assertThat(result.entries()).isEqualTo(300);
        assertThat(result.errors()).isZero();
    }
}
