package io.omicsdropzone.infra;

import static io.omicsdropzone.infra.Cfn.Statement.allow;
import static io.omicsdropzone.infra.Cfn.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omicsdropzone.infra.Cfn.Statement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -c pipelinesFile=events/pipelines/pipelines.json}: the file rides in a layer, the submit function may start
 * runs of exactly the pipelines' workflows, run groups and caches and pass exactly their roles, samplesheets get
 * their notifications, and a broken file stops the synth naming pipeline and field.
 */
class DropzonePipelinesTest {

    private static SynthesizedStack synthesized;
    private static Cfn cfn;
    private static String submit;

    @BeforeAll
    static void synthesize() {
        synthesized = SynthesizedStack.pipelines();
        cfn = new Cfn(synthesized.json());
        submit = cfn.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER);
    }

    @Test
    void theSubmitRoleMayStartRunsOfEachPipelinesWorkflowRunGroupAndCacheOnly() {
        String role = cfn.roleOf(submit);

        assertThat(cfn.statementsOfRole(role)).filteredOn(s -> "StartRunBatchAndItsRuns".equals(s.sid()))
                .singleElement().satisfies(s -> assertThat(s.resources()).containsExactlyInAnyOrder(
                        arn("omics", "runBatch/*"), arn("omics", "run/*")));
        assertThat(pipelineStatements(cfn, role)).containsExactlyInAnyOrder(
                allow("StartRunsOfThePipelines", List.of("omics:StartRunBatch", "omics:StartRun"), List.of(
                        arn("omics", "workflow/1234567"), arn("omics", "workflow/2345678"),
                        arn("omics", "workflow/7654321"), arn("omics", "runGroup/7777777"),
                        arn("omics", "runCache/5555555"))),
                // Pre-flight reads each pipeline's workflow (none of the sample's pipelines names a version).
                allow("ReadThePipelinesWorkflows", List.of("omics:GetWorkflow"), List.of(
                        arn("omics", "workflow/1234567"), arn("omics", "workflow/2345678"),
                        arn("omics", "workflow/7654321"))));
        assertThat(cfn.statementsOfRole(role)).noneMatch(s -> s.actions().contains("omics:GetWorkflow"));
    }

    @Test
    void theSubmitRoleMayPassTheStackRoleAndThePipelinesOwnRoleOnlyToHealthOmics() {
        String stackRole = "${" + cfn.outputTarget("ServiceRoleArn") + ".Arn}";

        assertThat(cfn.statementsOfRole(cfn.roleOf(submit))).contains(
                allow("PassServiceRoleToHealthOmics", List.of("iam:PassRole"),
                        List.of(stackRole, "arn:aws:iam::123456789012:role/rnaseq-omics"))
                        .when("StringEquals", "iam:PassedToService", "omics.amazonaws.com"));
    }

    @Test
    void noResourceWildcardBeyondRunsBatchesTheUploadPrefixAndTheSnapshots() {
        String inputBucket = cfn.outputTarget("InputBucketName");
        List<String> wildcards = cfn.statementsOfRole(cfn.roleOf(submit)).stream()
                .flatMap(s -> s.resources().stream()).filter(r -> r.contains("*")).distinct().toList();

        assertThat(wildcards).containsExactlyInAnyOrder(arn("omics", "runBatch/*"), arn("omics", "run/*"),
                "${" + inputBucket + ".Arn}/incoming/*", "${" + inputBucket + ".Arn}/submitted/*");
        assertThat(pipelineStatements(cfn, cfn.roleOf(submit))).flatMap(Statement::resources)
                .noneMatch(r -> r.contains("*"));
    }

    @Test
    void theFileRidesInALayerAndTheFunctionIsToldWhereAndWhichDefaults() throws IOException {
        JsonNode function = cfn.properties(submit);
        JsonNode environment = function.path("Environment").path("Variables");
        String layer = cfn.onlyOfType("AWS::Lambda::LayerVersion");

        assertThat(environment.has("DEFAULT_RUN_SETTING")).isFalse();
        assertThat(environment.path("PIPELINES_FILE").asText()).isEqualTo("/opt/pipelines.json");
        assertThat(Cfn.render(environment.path("SERVICE_ROLE_ARN")))
                .isEqualTo("${" + cfn.outputTarget("ServiceRoleArn") + ".Arn}");
        assertThat(Cfn.render(environment.path("OUTPUT_URI")))
                .isEqualTo("s3://${" + cfn.outputTarget("OutputBucketName") + "}/runs/");
        assertThat(function.path("Layers")).singleElement().satisfies(l -> assertThat(Cfn.render(l))
                .isEqualTo("${" + layer + "}"));
        assertThat(Cfn.strings(cfn.properties(layer).path("CompatibleRuntimes")))
                .containsExactly(DropzoneFunction.RUNTIME.getName());
        try (Stream<Path> staged = Files.walk(synthesized.assemblyDirectory)) {
            List<Path> files = staged.filter(p -> p.getFileName().toString().equals("pipelines.json")).toList();
            assertThat(files).singleElement().satisfies(file -> assertThat(Files.readString(file))
                    .isEqualTo(Files.readString(Path.of("..", "events", "pipelines", "pipelines.json"))));
        }
    }

    @Test
    void samplesheetsUnderTheUploadPrefixInvokeTheSubmitAliasToo() {
        String notifications = cfn.onlyOfType("Custom::S3BucketNotifications");
        JsonNode configurations = cfn.properties(notifications).path("NotificationConfiguration")
                .path("LambdaFunctionConfigurations");
        List<String> filters = new ArrayList<>();
        configurations.forEach(c -> {
            Map<String, String> rules = new java.util.TreeMap<>();
            c.path("Filter").path("Key").path("FilterRules").forEach(r -> rules.put(r.path("Name").asText(),
                    r.path("Value").asText()));
            filters.add(rules.get("prefix") + "*" + rules.get("suffix"));
            assertThat(Cfn.render(c.path("LambdaFunctionArn"))).isEqualTo("${" + cfn.aliasOf(submit) + "}");
        });

        assertThat(filters).containsExactlyInAnyOrder("incoming/*.json", "incoming/*.csv", "incoming/*.tsv",
                "incoming/*.CSV", "incoming/*.TSV");
    }

    @Test
    void aBrokenFileStopsTheSynthNamingEachPipelineAndField(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("pipelines.json"), """
                {"pipelines": [
                  {"name": "wgs", "keyPrefix": "elsewhere/wgs/", "defaultRunSetting": {"workflowId": "1"}},
                  {"name": "rna", "keyPrefix": "incoming/rna/", "defaultRunSetting": {"workflowId": "x"},
                   "samplesheet": {"columns": ["sample"], "runSetting": {"runSettingId": "{sampel}"}}}]}""");

        assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of(
                DropzoneConfig.PIPELINES_FILE, broken.toString(), DropzoneConfig.RUN_GROUP_ID, "5")::get))
                .isInstanceOf(DropzoneConfig.InvalidContextException.class)
                .satisfies(e -> assertThat(((DropzoneConfig.InvalidContextException) e).problems()).containsExactly(
                        "Set either 'pipelinesFile' or 'runGroupId', not both: with a pipelines file each pipeline's"
                                + " defaultRunSetting holds it",
                        "Context 'pipelinesFile' (" + broken + "): pipeline 'rna': defaultRunSetting: workflowId must"
                                + " be digits",
                        "Context 'pipelinesFile' (" + broken + "): pipeline 'rna': samplesheet.runSetting.runSettingId:"
                                + " unknown placeholder {sampel}; the declared columns are sample"));
        Path outside = Files.writeString(dir.resolve("outside.json"),
                "{\"pipelines\": [{\"name\": \"wgs\", \"keyPrefix\": \"elsewhere/wgs/\","
                        + " \"defaultRunSetting\": {\"workflowId\": \"1\"}}]}");
        assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of(
                DropzoneConfig.PIPELINES_FILE, outside.toString())::get))
                .hasMessageContaining("pipeline 'wgs': keyPrefix elsewhere/wgs/ is not under the upload prefix"
                        + " incoming/ (no S3 notification would deliver it)");
        assertThatThrownBy(() -> DropzoneConfig.fromContext(Map.<String, Object>of(
                DropzoneConfig.PIPELINES_FILE, dir.resolve("missing.json").toString())::get))
                .hasMessageContaining("Context 'pipelinesFile': cannot read");
    }

    @Test
    void twentyFivePipelinesSynthesizeWithinTheRolePolicySizeLimit(@TempDir Path dir) throws IOException {
        String pipelines = IntStream.range(0, 25).mapToObj(i -> String.format("""
                {"name": "p%02d", "keyPrefix": "incoming/p%02d/", "batchTags": {"cost-centre": "cc-%02d"},
                 "defaultRunSetting": {"workflowId": "%d", "runGroupId": "%d", "cacheId": "%d",
                                       "workflowVersionName": "v%d",
                                       "parameters": {"reference": "s3://refs/GRCh38/GRCh38.fa"}}}""",
                i, i, i, 1000000 + i, 2000000 + i, 3000000 + i, i))
                .collect(Collectors.joining(",\n", "{\"pipelines\": [\n", "]}"));
        Path file = Files.writeString(dir.resolve("pipelines.json"), pipelines);

        Cfn many = new Cfn(SynthesizedStack.of(Map.of(DropzoneConfig.PIPELINES_FILE, file.toString())).json());
        String function = many.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER);
        String role = many.roleOf(function);

        assertThat(Files.size(file)).isGreaterThan(4 * 1024);
        List<Statement> pipelineStatements = pipelineStatements(many, role);
        assertThat(pipelineStatements).filteredOn(st -> st.sid().equals("StartRunsOfThePipelines")).hasSize(2)
                .flatMap(Statement::resources).hasSize(3 * 25)
                .contains(arn("omics", "workflow/1000024"), arn("omics", "runGroup/2000024"),
                        arn("omics", "runCache/3000024"));
        assertThat(pipelineStatements).filteredOn(st -> st.sid().equals("ReadThePipelinesWorkflowVersions"))
                .singleElement().satisfies(st -> assertThat(st.resources()).hasSize(2 * 25)
                        .contains(arn("omics", "workflow/1000024"), arn("omics", "workflow/1000024/version/v24")));
        // CDK splits an oversized inline policy into "OverflowPolicy" managed policies of its own, which would
        // escape the nag suppressions: none here, only ours.
        assertThat(many.ofType("AWS::IAM::ManagedPolicy").keySet())
                .allMatch(id -> id.startsWith("PipelineResources") || id.startsWith("PipelineWorkflows"));
        // IAM's limits, estimated from the statements' JSON with tokens replaced by the longest partition and region.
        for (Statement statement : pipelineStatements) {
            assertThat(resolvedCharacters(List.of(statement))).isLessThan(6_144);
        }
        assertThat(resolvedCharacters(many.statementsOfRole(role))).isLessThan(10_240);
    }

    @Test
    void aPipelineThatChecksItsInputsGivesTheSubmitRoleTheInputLocationsEvenWhenTheDeploymentDoesNot(@TempDir Path dir)
            throws IOException {
        String pipeline = """
                {"pipelines": [{"name": "wgs", "keyPrefix": "incoming/wgs/", %s
                                "defaultRunSetting": {"workflowId": "1234567"}}]}""";
        Path checking = Files.writeString(dir.resolve("checking.json"), pipeline.formatted("\"checkInputs\": true,"));
        Path silent = Files.writeString(dir.resolve("silent.json"), pipeline.formatted(""));
        Map<String, Object> context = Map.of(DropzoneConfig.CHECK_INPUTS, "false",
                DropzoneConfig.INPUT_LOCATIONS, "s3://lab-raw/run42/");

        Cfn withPipelineChecks = new Cfn(SynthesizedStack.of(with(context, checking)).json());
        Cfn withoutChecks = new Cfn(SynthesizedStack.of(with(context, silent)).json());

        assertThat(withPipelineChecks.statementsOfRole(withPipelineChecks.roleOf(
                withPipelineChecks.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER))))
                .anyMatch(st -> "ReadInputLocations".equals(st.sid()));
        assertThat(withoutChecks.statementsOfRole(withoutChecks.roleOf(
                withoutChecks.functionWithHandler(SubmitPipeline.SUBMIT_HANDLER))))
                .noneMatch(st -> "ReadInputLocations".equals(st.sid()));
    }

    private static Map<String, Object> with(Map<String, Object> context, Path pipelinesFile) {
        Map<String, Object> all = new java.util.HashMap<>(context);
        all.put(DropzoneConfig.PIPELINES_FILE, pipelinesFile.toString());
        return all;
    }

    /** The statements of the customer managed policies attached to {@code roleId}. */
    private static List<Statement> pipelineStatements(Cfn cfn, String roleId) {
        List<Statement> statements = new ArrayList<>();
        cfn.ofType("AWS::IAM::ManagedPolicy").values().forEach(policy -> {
            boolean attached = false;
            for (JsonNode r : policy.path("Properties").path("Roles")) {
                attached |= Cfn.render(r).equals("${" + roleId + "}");
            }
            if (attached) {
                policy.path("Properties").path("PolicyDocument").path("Statement")
                        .forEach(s -> statements.add(Cfn.statement(s)));
            }
        });
        return statements;
    }

    private static int resolvedCharacters(List<Statement> statements) {
        ObjectMapper mapper = new ObjectMapper();
        int total = 0;
        for (Statement statement : statements) {
            try {
                total += mapper.writeValueAsString(statement).replace("${AWS::Partition}", "aws-us-gov")
                        .replace("${AWS::Region}", "ap-southeast-2").replace("${AWS::AccountId}", "123456789012")
                        .replaceAll("\\s", "").length();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return total;
    }
}
