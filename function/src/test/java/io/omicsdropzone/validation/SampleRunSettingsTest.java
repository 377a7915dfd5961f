package io.omicsdropzone.validation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample files in events/run-settings/ say what they claim to. */
class SampleRunSettingsTest {

    @Test
    void theValidSampleHasThreeValidRuns() throws IOException {
        ValidationReport report = validate("valid-3-runs.json");

        assertThat(report.errors()).isEmpty();
        assertThat(report.valid()).isTrue();
        assertThat(report.entryCount()).isEqualTo(3);
    }

    @Test
    void theInvalidSampleShowsSeveralKindsOfMistake() throws IOException {
        ValidationReport report = validate("invalid-examples.json");

        assertThat(report.entryCount()).isEqualTo(5);
        assertThat(report.errors()).extracting(ValidationError::pointer).containsExactly(
                "/0/priority", "/1/runSettingId", "/1/outputUri", "/1/parameters/sample_name",
                "/2/outputBucketOwnerId", "/2/runTags/batch", "/2", "/3/priority", "/3/outputURI",
                "/3/parameters", "/4/name", "/4/priority", "/4/engineSettings");
        assertThat(report.errors().get(1).message()).contains("already used by entry 0");
        assertThat(report.errors().get(6).message()).isEqualTo("missing required field 'runSettingId'");
    }

    private ValidationReport validate(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/events/run-settings/" + name))) {
            return new RunSettingsValidator().validate(in, -1);
        }
    }
}
