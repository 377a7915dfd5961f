package io.omicsdropzone.config;

import io.omicsdropzone.domain.pipeline.Pipeline;
import io.omicsdropzone.domain.pipeline.Pipelines;
import io.omicsdropzone.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelinesFileTest {

    static final String ROLE = "arn:aws:iam::123456789012:role/stack-service-role";
    static final String OUTPUT = "s3://lab-output/runs/";
    static final PipelinesFile.Defaults DEFAULTS = new PipelinesFile.Defaults(ROLE, OUTPUT);

    static Path sample() {
        return Path.of("target", "test-classes", "events", "pipelines", "pipelines.json");
    }

    @Test
    void the_sample_file_in_events_loads_with_comments_and_every_kind_of_pipeline() {
        Pipelines pipelines = PipelinesFile.read(sample(), DEFAULTS);

        assertThat(pipelines.all()).extracting(Pipeline::name).containsExactly("wgs", "wgs-tumor", "rnaseq");
        Pipeline wgs = pipelines.named("wgs").orElseThrow();
        assertThat(wgs.keyPrefix()).isEqualTo("incoming/wgs/");
        assertThat(wgs.serviceRoleArn()).isEqualTo(ROLE);
        assertThat(JsonReader.readObject(wgs.defaultRunSetting().json()))
                .containsEntry("workflowId", "1234567").containsEntry("runGroupId", "7777777")
                .containsEntry("outputUri", "s3://lab-output/runs/wgs/");
        assertThat(wgs.batchTags()).containsEntry("team", "germline");
        assertThat(wgs.samplesheet()).isPresent();
        Pipeline rnaseq = pipelines.named("rnaseq").orElseThrow();
        assertThat(rnaseq.serviceRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/rnaseq-omics");
        assertThat(JsonReader.readObject(rnaseq.defaultRunSetting().json())).containsEntry("cacheId", "5555555")
                .containsEntry("outputUri", "s3://lab-output/rnaseq/");
    }

    @Test
    void today_s_default_run_setting_is_a_one_pipeline_configuration_for_every_key() {
        Pipelines pipelines = PipelinesFile.fromEnvironment(Map.of(Config.DEFAULT_RUN_SETTING,
                "{\"workflowId\":\"1234567\",\"roleArn\":\"" + ROLE + "\"}"));

        assertThat(pipelines.all()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo(Pipelines.DEFAULT_NAME);
            assertThat(p.keyPrefix()).isEmpty();
            assertThat(p.samplesheet()).isEmpty();
        });
        assertThat(pipelines.route("incoming/anything/at/all.json")).isPresent();
    }

    @Test
    void the_file_named_by_pipelines_file_wins_over_default_run_setting() {
        Pipelines pipelines = PipelinesFile.fromEnvironment(Map.of(PipelinesFile.PIPELINES_FILE, sample().toString(),
                PipelinesFile.SERVICE_ROLE_ARN, ROLE, PipelinesFile.OUTPUT_URI, OUTPUT, Config.DEFAULT_RUN_SETTING, "{}"));

        assertThat(pipelines.all()).hasSize(3);
    }

    @Test
    void the_submit_configuration_takes_the_pipelines_file_and_reports_its_problems_with_the_others(
            @TempDir Path dir) throws IOException {
        Config config = Config.fromEnvironment(Map.of(Config.TABLE_NAME, "drops", Config.TOPIC_ARN,
                "arn:aws:sns:us-east-1:123456789012:t", PipelinesFile.PIPELINES_FILE, sample().toString(),
                PipelinesFile.SERVICE_ROLE_ARN, ROLE, PipelinesFile.OUTPUT_URI, OUTPUT));
        Path broken = Files.writeString(dir.resolve("p.json"), "{\"pipelines\": [{\"name\": \"x\","
                + " \"keyPrefix\": \"in/x/\", \"defaultRunSetting\": {\"workflowId\": \"1\", \"priority\": -1}}]}");

        assertThat(config.submits()).isTrue();
        assertThat(config.defaultRunSetting()).isNull();
        assertThat(config.pipelines().all()).hasSize(3);
        assertThat(config.pipelines().named()).isTrue();
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.TOPIC_ARN, "arn:aws:sns:us-east-1:123456789012:t",
                PipelinesFile.PIPELINES_FILE, broken.toString(), PipelinesFile.SERVICE_ROLE_ARN, ROLE,
                PipelinesFile.OUTPUT_URI, OUTPUT)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("TABLE_NAME is not set",
                        "pipeline 'x': defaultRunSetting: priority must be an integer from 0 to 100000"));
    }

    @Test
    void neither_set_is_a_configuration_error() {
        assertThatThrownBy(() -> PipelinesFile.fromEnvironment(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("PIPELINES_FILE or DEFAULT_RUN_SETTING must be set");
    }

    @Test
    void every_problem_names_its_pipeline_and_field() {
        String file = """
                {
                  // two broken pipelines and one nameless one
                  "pipelines": [
                    {"name": "wgs", "keyPrefix": "incoming/wgs",
                     "defaultRunSetting": {"workflowId": "12ab", "cacheBehavior": "SOMETIMES", "colour": "red"},
                     "batchTags": {"omics-dropzone:pipeline": "x", "team": 7}},
                    {"name": "rna", "keyPrefix": "incoming/wgs/", "serviceRoleArn": "not-an-arn",
                     "defaultRunSetting": {"workflowId": "1", "roleArn": "arn:aws:iam::123456789012:role/r"},
                     "samplesheet": {"columns": ["sample"],
                                     "runSetting": {"runSettingId": "{sample}", "priority": "{prio:int}",
                                                    "parameters": {"x": "{sample:integer}", "y": "a{sample:int}"},
                                                    "flavour": "x"}}},
                    {"keyPrefix": "incoming/x/", "defaultRunSetting": {"workflowId": "2"}},
                    {"name": "dup", "keyPrefix": "incoming/wgs/", "defaultRunSetting": {"workflowId": "3"}}
                  ]
                }""";

        assertThatThrownBy(() -> PipelinesFile.parse(file, DEFAULTS)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "pipeline 'wgs': keyPrefix must end with '/', and have no leading '/' and no '*' (e.g. incoming/wgs/)",
                        "pipeline 'wgs': defaultRunSetting: unknown field 'colour'",
                        "pipeline 'wgs': defaultRunSetting: workflowId must be digits",
                        "pipeline 'wgs': defaultRunSetting: cacheBehavior must be CACHE_ON_FAILURE or CACHE_ALWAYS",
                        "pipeline 'wgs': batchTags.omics-dropzone:pipeline: the prefixes omics-dropzone: and aws: are reserved",
                        "pipeline 'wgs': batchTags.team: must be a string of at most 256 characters",
                        "pipeline 'rna': serviceRoleArn must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)",
                        "pipeline 'rna': defaultRunSetting.roleArn: set the pipeline's serviceRoleArn instead, or leave"
                                + " both out to use the stack's service role",
                        "pipeline 'rna': samplesheet.runSetting.priority: unknown placeholder {prio:int}; the declared"
                                + " columns are sample",
                        "pipeline 'rna': samplesheet.runSetting.parameters.x: unknown type 'integer' in"
                                + " {sample:integer}; types are string, int, number, bool",
                        "pipeline 'rna': samplesheet.runSetting.parameters.y: {sample:int} must be the whole value: a"
                                + " typed placeholder makes the value a JSON int, which cannot sit inside text",
                        "pipeline 'rna': samplesheet.runSetting.flavour: not a StartRunBatch InlineSetting field"
                                + " (allowed: runSettingId, name, outputUri, priority, parameters, outputBucketOwnerId,"
                                + " runTags, engineSettings)",
                        "pipelines[2]: name is required (1–64 letters, digits, '-' or '_')",
                        "pipeline 'dup': keyPrefix incoming/wgs/ is already used by pipeline 'rna'; each prefix names one"
                                + " pipeline"));
    }

    @Test
    void a_pipeline_may_switch_its_own_input_checks_and_only_with_a_boolean() {
        Pipelines pipelines = PipelinesFile.parse("""
                {"pipelines": [
                  {"name": "wgs", "keyPrefix": "incoming/wgs/", "checkInputs": false,
                   "defaultRunSetting": {"workflowId": "1"}},
                  {"name": "rna", "keyPrefix": "incoming/rna/", "defaultRunSetting": {"workflowId": "2"}}]}""",
                DEFAULTS);

        assertThat(pipelines.named("wgs").orElseThrow().checkInputs()).contains(false);
        assertThat(pipelines.named("rna").orElseThrow().checkInputs()).isEmpty();
        assertThatThrownBy(() -> PipelinesFile.parse("""
                {"pipelines": [{"name": "wgs", "keyPrefix": "incoming/wgs/", "checkInputs": "no",
                                "defaultRunSetting": {"workflowId": "1"}}]}""", DEFAULTS))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "pipeline 'wgs': checkInputs must be true or false (leave it out to follow CHECK_INPUTS)"));
    }

    @Test
    void template_mistakes_are_refused_at_load() {
        String file = """
                {"pipelines": [{"name": "s", "keyPrefix": "incoming/s/", "defaultRunSetting": {"workflowId": "1"},
                  "samplesheet": {"columns": ["sample", "sample", "n"],
                    "runSetting": {"runSettingId": "fixed", "name": "{n:int}", "outputUri": "s3://o/{sample",
                                   "runTags": {"t": "{n:bool}"}, "parameters": "{sample}"}}}]}""";

        assertThatThrownBy(() -> PipelinesFile.parse(file, DEFAULTS)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "pipeline 's': samplesheet.columns: 'sample' is listed twice",
                        "pipeline 's': samplesheet.runSetting.runSettingId: must contain a placeholder, or every row"
                                + " gets the same runSettingId",
                        "pipeline 's': samplesheet.runSetting.name: must be text, not {n:int}",
                        "pipeline 's': samplesheet.runSetting.outputUri: unclosed '{' in \"s3://o/{sample\" (write {{"
                                + " for a literal brace)",
                        "pipeline 's': samplesheet.runSetting.runTags.t: tag values must be text, not {n:bool}",
                        "pipeline 's': samplesheet.runSetting.parameters: must be a JSON object"));
    }

    @Test
    void without_a_stack_output_location_every_pipeline_must_name_its_own(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("p.json"), """
                {"pipelines": [
                  {"name": "own", "keyPrefix": "in/own/", "defaultRunSetting": {"workflowId": "1",
                                                                              "outputUri": "s3://lab-output/own/"}},
                  {"name": "wgs", "keyPrefix": "in/wgs/", "defaultRunSetting": {"workflowId": "2"}}]}""");

        // As the function starts: the file, the stack's role, no OUTPUT_URI.
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(Config.TABLE_NAME, "drops", Config.TOPIC_ARN,
                "arn:aws:sns:us-east-1:123456789012:t", PipelinesFile.PIPELINES_FILE, file.toString(),
                PipelinesFile.SERVICE_ROLE_ARN, ROLE)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "pipeline 'wgs': defaultRunSetting.outputUri is required: no stack output location is"
                                + " configured (OUTPUT_URI)"));
        assertThat(PipelinesFile.read(file, DEFAULTS).all()).hasSize(2);
    }

    @Test
    void without_a_stack_role_every_pipeline_must_name_its_own() {
        String file = "{\"pipelines\": [{\"name\": \"a\", \"keyPrefix\": \"in/a/\", \"defaultRunSetting\":"
                + " {\"workflowId\": \"1\"}}]}";

        assertThatThrownBy(() -> PipelinesFile.parse(file, new PipelinesFile.Defaults(null, OUTPUT)))
                .hasMessageContaining("pipeline 'a': serviceRoleArn is required: no stack service role is configured"
                        + " (SERVICE_ROLE_ARN)");
    }

    @Test
    void twenty_five_pipelines_load_from_a_file_far_beyond_the_4_kb_environment_limit(@TempDir Path dir)
            throws IOException {
        String pipelines = IntStream.range(0, 25).mapToObj(i -> String.format("""
                {"name": "pipeline-%02d", "keyPrefix": "incoming/p%02d/", "batchTags": {"cost-centre": "cc-%02d"},
                 "defaultRunSetting": {"workflowId": "%d", "runGroupId": "%d", "storageType": "DYNAMIC",
                                       "parameters": {"reference": "s3://refs/GRCh38/GRCh38.fa", "threads": 16}},
                 "samplesheet": {"columns": ["sample", "fastq_1", "fastq_2"],
                                 "runSetting": {"runSettingId": "{sample}",
                                                "parameters": {"fastq_1": "{fastq_1}", "fastq_2": "{fastq_2}"}}}}""",
                i, i, i, 1000000 + i, 2000000 + i)).collect(Collectors.joining(",\n", "{\"pipelines\": [\n", "]}"));
        Path file = Files.writeString(dir.resolve("pipelines.json"), pipelines);

        Pipelines loaded = PipelinesFile.read(file, DEFAULTS);

        assertThat(Files.size(file)).isGreaterThan(4 * 1024);
        assertThat(loaded.all()).hasSize(25);
        assertThat(loaded.route("incoming/p17/sheet.csv")).get().extracting(Pipeline::name).isEqualTo("pipeline-17");
    }
}
