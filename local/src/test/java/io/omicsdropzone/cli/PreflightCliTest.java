package io.omicsdropzone.cli;

import io.omicsdropzone.local.StandInsTestBase;
import io.omicsdropzone.local.standins.OmicsBatchEmulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code validate FILE --preflight} from the artifact, configured only by environment variables, against the stand-ins. */
class PreflightCliTest extends StandInsTestBase {

    static final String FILE = """
            [{"runSettingId": "S0", "parameters": {"sample_id": "S0", "fastq_1": "s3://cli-raw/S0_R1.fastq.gz"}},
             {"runSettingId": "S1", "parameters": {"sample": "S1", "fastq_1": "s3://cli-raw/S1_R1.fastq.gz"}}]""";

    @BeforeAll
    static void workflowAndInputs() {
        Map<String, Boolean> template = new LinkedHashMap<>();
        template.put("sample_id", false);
        template.put("fastq_1", false);
        omics.putWorkflow("7100001", "ACTIVE", "PRIVATE", null, template);
        env.createInput("s3://cli-raw/S0_R1.fastq.gz");
    }

    private static Map<String, String> environment(String checkInputs) {
        Map<String, String> environment = new HashMap<>(env.standIns().environment());
        environment.put("DEFAULT_RUN_SETTING", "{\"workflowId\":\"7100001\","
                + "\"roleArn\":\"arn:aws:iam::123456789012:role/omics-dropzone-runs\"}");
        if (checkInputs != null) {
            environment.put("CHECK_INPUTS", checkInputs);
        }
        return environment;
    }

    @Test
    void preflight_reports_parameter_and_input_errors_with_the_callers_configuration(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("runs.json"), FILE);

        FunctionJarTest.Result result = FunctionJarTest.run(environment(null), "validate", file.toString(),
                "--preflight");

        assertThat(result.exit()).as(result.err()).isEqualTo(1);
        assertThat(result.out())
                .contains("entry 1 (runSettingId S1) /1/parameters/sample: unknown parameter 'sample'; did you mean"
                        + " 'sample_id'?")
                .contains("entry 1 (runSettingId S1) /1/parameters: missing required parameter 'sample_id' of"
                        + " workflow 7100001")
                .contains("entry 1 (runSettingId S1) /1/parameters/fastq_1: s3://cli-raw/S1_R1.fastq.gz does not"
                        + " exist");
        assertThat(omics.count(OmicsBatchEmulator.GET_WORKFLOW)).isPositive();
    }

    @Test
    void without_preflight_validate_stays_offline(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("runs.json"), FILE);
        long calls = omics.count(OmicsBatchEmulator.GET_WORKFLOW);

        FunctionJarTest.Result result = FunctionJarTest.run(Map.of(), "validate", file.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(omics.count(OmicsBatchEmulator.GET_WORKFLOW)).isEqualTo(calls);
    }

    @Test
    void check_inputs_false_leaves_the_inputs_alone_and_says_so(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("runs.json"), FILE.replace("\"sample\"", "\"sample_id\""));

        FunctionJarTest.Result result = FunctionJarTest.run(environment("false"), "validate", file.toString(),
                "--preflight");

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.err()).contains("input files not checked (CHECK_INPUTS=false)");
    }

    @Test
    void preflight_under_a_pipeline_checks_a_samplesheet_against_that_pipeline_s_workflow(@TempDir Path dir)
            throws Exception {
        Path pipelines = Files.writeString(dir.resolve("pipelines.json"), """
                {"pipelines": [{"name": "wgs", "keyPrefix": "incoming/wgs/",
                  "defaultRunSetting": {"workflowId": "7100001"},
                  "samplesheet": {"columns": ["sample", "fastq_1"],
                    "runSetting": {"runSettingId": "{sample}",
                                   "parameters": {"sample_id": "{sample}", "fastq_1": "{fastq_1}"}}}}]}""");
        Path sheet = Files.writeString(dir.resolve("trio.csv"), """
                sample,fastq_1
                S0,s3://cli-raw/S0_R1.fastq.gz
                S1,s3://cli-raw/S1_R1.fastq.gz
                """);
        Map<String, String> environment = new HashMap<>(env.standIns().environment());
        environment.put("SERVICE_ROLE_ARN", "arn:aws:iam::123456789012:role/omics-dropzone-runs");
        long lookups = omics.count(OmicsBatchEmulator.GET_WORKFLOW);

        FunctionJarTest.Result result = FunctionJarTest.run(environment, "validate", sheet.toString(),
                "--pipeline", "wgs", "--pipelines", pipelines.toString(), "--preflight");

        assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).contains("s3://cli-raw/S1_R1.fastq.gz does not exist")
                .doesNotContain("S0_R1.fastq.gz does not exist");
        assertThat(omics.count(OmicsBatchEmulator.GET_WORKFLOW)).isGreaterThan(lookups);
    }
}
