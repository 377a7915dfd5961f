package io.omicsdropzone.validation;

import io.omicsdropzone.disclosure.Disclosure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error a file can produce, described in PHI-safe mode, carries positions but nothing from the file: a sentinel
 * patient id planted in values, keys, tag keys, runSettingIds and broken JSON must not come out. The same errors in
 * FULL mode do quote it, which shows each case really exercises a quoting message.
 */
class PhiSafeErrorsTest {

    private static final String P = "PATIENT-4711";

    static List<String> files() {
        return List.of(
            "[{\"runSettingId\":\"" + P + "\",\"" + P + "\":1}]",                                  // unknown field
            "[{\"runSettingId\":\"" + P + "\",\"runSettingId\":\"x\"}]",                              // duplicate field
            "[{\"runSettingId\":\"" + P + "\"},{\"runSettingId\":\"" + P + "\"}]",                    // duplicate id
            "[{\"runSettingId\":\"a\",\"outputUri\":\"https://" + P + "/out\"}]",                    // not s3://
            "[{\"runSettingId\":\"a\",\"outputUri\":\"s3:///" + P + "\"}]",                           // no bucket
            "[{\"runSettingId\":\"a\",\"outputBucketOwnerId\":\"" + P + "\"}]",                       // not 12 digits
            "[{\"runSettingId\":\"a\",\"name\":[\"" + P + "\"],\"priority\":\"" + P + "\"}]",         // wrong types
            "[{\"runSettingId\":\"a\",\"runTags\":{\"" + P + "\":1,\"" + P + "\":\"v\"}}]",           // tag key, value
            "[{\"runSettingId\":\"a\",\"parameters\":{\"" + P + "\":{\"x\":1,\"x\":2},\"" + P + "\":0}}]", // dup key
            "[{\"runSettingId\":\"a\",\"runTags\":{\"" + P + "\":\"" + "v".repeat(300) + "\"}}]",     // long value
            "[\"" + P + "\"]",                                                                          // not object
            "\"" + P + "\"",                                                                            // not array
            "[{\"runSettingId\":\"a\"}] \"" + P + "\"",                                                 // trailing
            "[{\"runSettingId\":\"a\",\"runTags\":{\"" + P + "\":" + P + "}}]",                        // bad token
            "[{\"runSettingId\":\"" + P + "\",\"priority\":4711.5}]");                                 // decimal
    }

    @ParameterizedTest
    @MethodSource("files")
    void phi_safe_descriptions_hold_no_file_content_and_full_ones_do(String file) throws IOException {
        ValidationReport report = Validation.of(file);
        assertThat(report.valid()).isFalse();

        List<String> safe = report.errors().stream().map(error -> error.describe(Disclosure.PHI_SAFE)).toList();
        List<String> full = report.errors().stream().map(ValidationError::describe).toList();

        assertThat(safe).allSatisfy(line -> assertThat(line).doesNotContain(P).doesNotContain("4711"));
        assertThat(String.join("\n", full)).contains(file.contains("4711.5") ? "4711" : P);
        assertThat(report.errors()).allSatisfy(error -> {
            assertThat(error.safeMessage()).isNotBlank();
            assertThat(error.describe(Disclosure.FULL)).isEqualTo(error.describe());
        });
    }

    @Test
    void safe_descriptions_keep_entry_index_known_field_names_line_and_column() throws IOException {
        ValidationReport report = Validation.of("[{\"runSettingId\":\"a\"},\n{\"runSettingId\":\"" + P
                + "\",\"runTags\":{\"" + P + "\":7},\"priority\":\"" + P + "\"}]");

        assertThat(report.errors()).extracting(error -> error.describe(Disclosure.PHI_SAFE)).containsExactly(
                // line 2: {"runSettingId":"P","runTags":{"P":7},"priority":"P"}] -- the 7 is at column 58
                "entry 1 /1/runTags/*: tag value must be a string, found a number [line 2, column 58]",
                "entry 1 /1/priority: priority must be an integer, found a string [line 2, column 72]");
        assertThat(report.errors().get(0).describe()).isEqualTo("entry 1 (runSettingId " + P + ") /1/runTags/" + P
                + ": tag value must be a string, found a number (7) [line 2, column 58]");
    }

    @Test
    void safe_pointer_keeps_indexes_and_field_names_and_hides_user_keys() {
        assertThat(pointer("/3/runTags/" + P)).isEqualTo("/3/runTags/*");
        assertThat(pointer("/3/" + P)).isEqualTo("/3/*");
        assertThat(pointer("/3/parameters/" + P + "/0/4711")).isEqualTo("/3/parameters/*/*/*");
        assertThat(pointer("/12/outputUri")).isEqualTo("/12/outputUri");
        assertThat(pointer("/3/a~1" + P)).isEqualTo("/3/*");
        assertThat(pointer("")).isEmpty();
        assertThat(pointer("/")).isEqualTo("/*");
    }

    @Test
    void an_error_built_without_a_safe_message_shows_only_its_position_in_phi_safe_mode() {
        ValidationError error = new ValidationError(2, P, "/2/name", 3, 4, "name " + P + " is odd");

        assertThat(error.describe(Disclosure.PHI_SAFE))
                .isEqualTo("entry 2 /2/name: details withheld (PHI-safe mode) [line 3, column 4]");
    }

    private static String pointer(String pointer) {
        return new ValidationError(0, null, pointer, -1, -1, "m", "m").safePointer();
    }
}
