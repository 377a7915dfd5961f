package io.omicsdropzone.validation;

import io.omicsdropzone.spool.MemorySpool;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pre-flight part of the streaming scan with an in-memory {@link InputObjects} (our own port): what is checked,
 * how often, and how much is held at once. The S3 side is tested against the stand-in in PreflightEndToEndTest.
 */
class PreflightScanTest {

    /** Remembers which keys exist; counts requests and the most that were in flight at once. */
    static final class Inputs implements InputObjects {
        final Set<String> existing = ConcurrentHashMap.newKeySet();
        final Set<String> denied = ConcurrentHashMap.newKeySet();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();

        @Override
        public Existence object(String bucket, String key) {
            return answer(bucket + "/" + key, existing.contains(bucket + "/" + key));
        }

        @Override
        public Existence anyUnder(String bucket, String prefix) {
            return answer(bucket + "/" + prefix,
                    existing.stream().anyMatch(k -> k.startsWith(bucket + "/" + prefix)));
        }

        private Existence answer(String name, boolean exists) {
            requests.incrementAndGet();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            if (denied.contains(name)) {
                return Existence.DENIED;
            }
            return exists ? Existence.FOUND : Existence.MISSING;
        }
    }

    static ValidationReport validate(String json, Preflight preflight) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new RunSettingsValidator().validate(new ByteArrayInputStream(bytes), bytes.length,
                ProgressListener.NONE, preflight);
    }

    static List<String> described(ValidationReport report) {
        return report.errors().stream().map(ValidationError::describe).toList();
    }

    static ParameterTemplate template(Set<String> defaults) {
        Map<String, Boolean> optional = new LinkedHashMap<>();
        optional.put("sample_id", false);
        optional.put("fastq_1", false);
        optional.put("fastq_2", true);
        optional.put("genome", false);
        return new ParameterTemplate("workflow 42", optional, defaults);
    }

    @Nested
    class Parameters {

        @Test
        void a_required_parameter_given_by_the_default_run_setting_need_not_be_in_each_run() throws IOException {
            ValidationReport report = validate("[{\"runSettingId\":\"a\",\"parameters\":{\"sample_id\":\"x\","
                    + "\"fastq_1\":\"f\"}}]", new Preflight(template(Set.of("genome")), null, List.of(), 1, null));

            assertThat(report.valid()).isTrue();
        }

        @Test
        void every_missing_required_parameter_is_reported_at_the_entry_without_parameters() throws IOException {
            ValidationReport report = validate("[{\"runSettingId\":\"a\"}]",
                    new Preflight(template(Set.of()), null, List.of(), 1, null));

            assertThat(described(report)).containsExactly(
                    "entry 0 (runSettingId a) /0: missing required parameter 'sample_id' of workflow 42 [line 1, column 2]",
                    "entry 0 (runSettingId a) /0: missing required parameter 'fastq_1' of workflow 42 [line 1, column 2]",
                    "entry 0 (runSettingId a) /0: missing required parameter 'genome' of workflow 42 [line 1, column 2]");
        }

        @Test
        void a_parameters_value_of_the_wrong_type_is_reported_once_not_as_missing_parameters() throws IOException {
            ValidationReport report = validate("[{\"runSettingId\":\"a\",\"parameters\":[1]}]",
                    new Preflight(template(Set.of()), null, List.of(), 1, null));

            assertThat(report.errorCount()).isEqualTo(1);
            assertThat(described(report).get(0)).contains("/0/parameters:");
        }

        @Test
        void suggestions_ignore_case_and_separators_and_allow_small_typos() {
            ParameterTemplate template = template(Set.of());

            assertThat(template.suggestionFor("fastq1")).isEqualTo("fastq_1");
            assertThat(template.suggestionFor("Sample-ID")).isEqualTo("sample_id");
            assertThat(template.suggestionFor("genmoe")).isEqualTo("genome");
            assertThat(template.suggestionFor("sample")).isEqualTo("sample_id");
            assertThat(template.suggestionFor("colour")).isNull();
        }

        @Test
        void nested_keys_are_not_parameter_names() throws IOException {
            ValidationReport report = validate("[{\"runSettingId\":\"a\",\"parameters\":{\"sample_id\":{\"lane\":1},"
                    + "\"fastq_1\":\"f\",\"genome\":\"g\"}}]",
                    new Preflight(template(Set.of()), null, List.of(), 1, null));

            assertThat(report.valid()).isTrue();
        }

        @Test
        void in_phi_safe_mode_the_unknown_name_is_withheld_but_the_suggestion_stays() throws IOException {
            ValidationReport report = validate("[{\"runSettingId\":\"a\",\"parameters\":{\"sample_id\":\"x\","
                    + "\"fastq_1\":\"f\",\"genome\":\"g\",\"fastq2\":\"f\"}}]",
                    new Preflight(template(Set.of()), null, List.of(), 1, null));

            assertThat(report.errors()).singleElement().satisfies(error -> assertThat(error.safeMessage())
                    .isEqualTo("unknown parameter <withheld>; did you mean 'fastq_2'?"));
        }
    }

    @Nested
    class InputFiles {

        @Test
        void each_distinct_uri_is_asked_once_and_every_use_of_a_missing_one_is_reported() throws IOException {
            Inputs inputs = new Inputs();
            inputs.existing.add("lab/ref.fa");
            StringBuilder file = new StringBuilder("[");
            for (int i = 0; i < 50; i++) {
                file.append(i == 0 ? "" : ",").append("{\"runSettingId\":\"r").append(i).append("\",\"parameters\":")
                        .append("{\"ref\":\"s3://lab/ref.fa\",\"reads\":[\"s3://lab/gone.fq\"],\"name\":\"not-a-uri\"}}");
            }
            ValidationReport report = validate(file.append("]").toString(),
                    new Preflight(null, inputs, List.of(), 4, new MemorySpool()));

            assertThat(inputs.requests.get()).isEqualTo(2);
            assertThat(report.errorCount()).isEqualTo(50);
            assertThat(described(report)).contains(
                    "entry 7 (runSettingId r7) /7/parameters/reads/0: s3://lab/gone.fq does not exist [line 1, column "
                            + (7 * 109 + 70) + "]");
        }

        @Test
        void in_flight_checks_never_exceed_the_concurrency() throws IOException {
            Inputs inputs = new Inputs();
            StringBuilder file = new StringBuilder("[");
            for (int i = 0; i < 2_000; i++) {
                file.append(i == 0 ? "" : ",").append("{\"runSettingId\":\"r").append(i)
                        .append("\",\"parameters\":{\"a\":\"s3://lab/").append(i).append(".fq\"}}");
                inputs.existing.add("lab/" + i + ".fq");
            }
            ValidationReport report = validate(file.append("]").toString(),
                    new Preflight(null, inputs, List.of(), 3, new MemorySpool()));

            assertThat(report.valid()).isTrue();
            assertThat(inputs.requests.get()).isEqualTo(2_000);
            assertThat(inputs.mostInFlight.get()).isBetween(1, 3);
        }

        @Test
        void a_denied_input_says_the_service_role_would_be_denied_too() throws IOException {
            Inputs inputs = new Inputs();
            inputs.denied.add("lab/secret.fq");
            ValidationReport report = validate("[{\"runSettingId\":\"a\",\"parameters\":{\"x\":\"s3://lab/secret.fq\"}}]",
                    new Preflight(null, inputs, List.of(), 1, new MemorySpool()));

            assertThat(described(report)).singleElement().asString()
                    .contains("cannot read 's3://lab/secret.fq': access denied to the dropzone")
                    .contains("so the runs would be denied too");
            assertThat(report.errors().get(0).safeMessage()).doesNotContain("secret");
        }

        @Test
        void a_bucket_alone_or_a_trailing_slash_is_a_prefix() throws IOException {
            Inputs inputs = new Inputs();
            inputs.existing.add("lab/dir/x");
            ValidationReport report = validate("[{\"runSettingId\":\"a\",\"parameters\":{\"x\":\"s3://lab/dir/\","
                    + "\"y\":\"s3://lab\",\"z\":\"s3://lab/other/\"}}]",
                    new Preflight(null, inputs, List.of(), 1, new MemorySpool()));

            assertThat(described(report)).singleElement().asString()
                    .contains("/0/parameters/z: nothing exists under the prefix 's3://lab/other/'");
        }

        @Test
        void a_failed_check_fails_the_validation_instead_of_blaming_the_file() {
            InputObjects broken = new InputObjects() {
                @Override
                public Existence object(String bucket, String key) {
                    throw new IllegalStateException("S3 is down");
                }

                @Override
                public Existence anyUnder(String bucket, String prefix) {
                    throw new IllegalStateException("S3 is down");
                }
            };

            assertThatThrownBy(() -> validate("[{\"runSettingId\":\"a\",\"parameters\":{\"x\":\"s3://lab/a\"}}]",
                    new Preflight(null, broken, List.of(), 1, new MemorySpool()))).hasMessage("S3 is down");
        }

        @Test
        void uris_outside_parameters_are_not_inputs() throws IOException {
            Inputs inputs = new Inputs();
            ValidationReport report = validate("[{\"runSettingId\":\"a\",\"outputUri\":\"s3://out/x/\","
                    + "\"runTags\":{\"t\":\"s3://lab/t\"},\"engineSettings\":{\"e\":\"s3://lab/e\"}}]",
                    new Preflight(null, inputs, List.of(), 1, new MemorySpool()));

            assertThat(report.valid()).isTrue();
            assertThat(inputs.requests.get()).isZero();
        }
    }

    @Test
    void workflow_problems_are_reported_for_the_whole_file() throws IOException {
        ValidationReport report = validate("[{\"runSettingId\":\"a\"}]",
                new Preflight(null, null, List.of("workflow 42 is INACTIVE"), 1, null));

        assertThat(described(report)).containsExactly("/: workflow 42 is INACTIVE");
    }
}
