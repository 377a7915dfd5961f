package io.omicsdropzone.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer checks the same rules, so the comparison is like for like. */
class TreeValidatorTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void acceptsTheValidSample() throws IOException {
        TreeValidator.Result result = TreeValidator.check(read("valid-3-runs.json"));

        assertThat(result.entries()).isEqualTo(3);
        assertThat(result.errors()).isZero();
    }

    @Test
    void findsTheMistakesOfTheInvalidSample() throws IOException {
        // readTree keeps the last of two equal keys, so the repeated parameters key is the one mistake it cannot see.
        TreeValidator.Result result = TreeValidator.check(read("invalid-examples.json"));

        assertThat(result.entries()).isEqualTo(5);
        assertThat(result.errors()).isEqualTo(12);
    }

    @Test
    void rejectsWhatTheValidatorRejectsInOneEntry() throws IOException {
        assertThat(errors("[{\"runSettingId\": \"a\", \"priority\": 5.0}]")).isEqualTo(1);
        assertThat(errors("[{\"runSettingId\": \"a\", \"runTags\": {\"k\": 1}}]")).isEqualTo(1);
        assertThat(errors("[{\"runSettingId\": \"a\", \"outputUri\": \"s3:///x\"}]")).isEqualTo(1);
        assertThat(errors("[{\"runSettingId\": \"a\\u0007\"}]")).isEqualTo(1);
        assertThat(errors("[{\"runSettingId\": \"a\"}, {\"runSettingId\": \"a\"}]")).isEqualTo(1);
        assertThat(errors("[{\"runSettingId\": \"a\", \"extra\": 1}]")).isEqualTo(1);
    }

    private long errors(String json) throws IOException {
        return TreeValidator.check(mapper.readTree(json)).errors();
    }

    private com.fasterxml.jackson.databind.JsonNode read(String sample) throws IOException {
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/events/run-settings/" + sample))) {
            return mapper.readTree(in);
        }
    }
}
