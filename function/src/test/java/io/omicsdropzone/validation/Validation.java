package io.omicsdropzone.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers: validate a JSON text, build entries. */
final class Validation {

    private Validation() {
    }

    static ValidationReport of(String json) throws IOException {
        return of(json.getBytes(StandardCharsets.UTF_8));
    }

    static ValidationReport of(byte[] bytes) throws IOException {
        return new RunSettingsValidator().validate(new ByteArrayInputStream(bytes), bytes.length);
    }

    /** A file with one entry made of {@code fields} (JSON members without braces). */
    static ValidationReport ofEntry(String fields) throws IOException {
        return of("[{" + fields + "}]");
    }

    /** The single error of an invalid report. */
    static ValidationError onlyError(ValidationReport report) {
        assertThat(report.errors()).as("errors of %s", report).hasSize(1);
        assertThat(report.errorCount()).isEqualTo(1);
        return report.errors().get(0);
    }

    static void assertValid(ValidationReport report) {
        assertThat(report.errors()).as("errors").isEmpty();
        assertThat(report.valid()).isTrue();
    }

    static String repeat(String s, int times) {
        return s.repeat(times);
    }
}
